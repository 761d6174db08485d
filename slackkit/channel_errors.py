"""When the bot cannot use the leads channel: Slack's errors for it, and the advice a
failed delivery carries. Shared by worker/slack/ (which fails the job with the advice) and
`flask slack check` (which makes those jobs due again once the channel works).
"""

from __future__ import annotations

# Slack answers channel_not_found for a private channel the bot is not in, exactly as for
# a channel that does not exist (it does not reveal the channel), and not_in_channel for a
# public one: either fix may be the one needed.
CHANNEL_ERRORS = ("channel_not_found", "not_in_channel")
INVITE_OR_CHECK = (
    "invite the bot to the channel: /invite @leads, or check SLACK_LEADS_CHANNEL, "
    "a channel ID such as C0123ABCD"
)
