"""The kinds of outbox job. Handlers live with the system they talk to (worker/, bot/)."""

EMAIL_CONFIRMATION = "email.confirmation"  # to the prospect
EMAIL_ATTORNEY = "email.attorney"  # to ATTORNEY_EMAIL, resume attached
SLACK_CARD = "slack.card"  # post the lead's card to the leads channel
SLACK_APPLIED_AGAIN = "slack.applied_again"  # reply in the card's thread
SLACK_CARD_REFRESH = "slack.card_refresh"  # rewrite the card after a state change
EMAIL_ALERT = "email.alert"  # to ATTORNEY_EMAIL: deliveries failing for good (service/alerts.py)
SLACK_ACTIVITY = "slack.activity"  # a reply in the card's thread: claimed, noted, reached out…
SLACK_REMINDER = "slack.reminder"  # a lead waited too long: a reply in its thread, once
SLACK_CARD_ERASE = "slack.card_erase"  # rewrite an erased lead's card and its thread replies
SLACK_DIGEST = "slack.digest"  # the morning summary in the leads channel (service/digest.py)
# Publish a member's Home tab again (service/home_refresh.py); its payload is the member's
# Slack user id only, and the view is built when it runs: nothing personal is carried.
SLACK_HOME_REFRESH = "slack.home_refresh"

# Jobs that carry or reveal an applicant's data: cancelled when the lead is erased.
PERSONAL = (
    EMAIL_CONFIRMATION,
    EMAIL_ATTORNEY,
    SLACK_CARD,
    SLACK_APPLIED_AGAIN,
    SLACK_CARD_REFRESH,
    SLACK_ACTIVITY,
    SLACK_REMINDER,
)
