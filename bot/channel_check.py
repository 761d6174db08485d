"""`slack check` on the leads channel: can the bot use it, with the scopes its kind needs,
and who sees the cards posted there.

Everyone in the leads channel sees every card: names, email addresses, resume names. So
the channel should be private (anyone in the workspace may join a public one), not shared
with another organisation (Slack Connect: `is_ext_shared`), and hold no guests. Guests are
counted from conversations.members and users.info, and only counted: the check names how
many, never who.
"""

from __future__ import annotations

from collections.abc import Iterator

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.setup_check import CHANNEL_SCOPES, Report, Token, require_scopes
from slackkit.channel_errors import CHANNEL_ERRORS

PAGE = 200  # conversations.members: Slack recommends no more than 200 a page


def check_channel(client: WebClient, channel: str, token: Token, report: Report) -> None:
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        report.problems.append(channel_problem(channel, exc.response))
        return
    except OSError as exc:
        report.problems.append(f"cannot reach Slack: {exc}")
        return
    name, private = info.get("name"), bool(info.get("is_private"))
    kind = "private" if private else "public"
    require_scopes(token, CHANNEL_SCOPES[private], report, why=f" for a {kind} channel")
    if not info.get("is_member"):
        report.problems.append(f"the bot is not in #{name}: type /invite @leads in that channel")
        return
    report.fine.append(f"channel OK: #{name} ({channel}), {kind}")
    if not private:
        report.problems.append(
            f"#{name} is public: anyone in the workspace can join it and see every card. "
            "Post leads to a private channel"
        )
    if info.get("is_ext_shared"):
        report.problems.append(
            f"#{name} is shared with another organisation (Slack Connect): its people see "
            "every card. Post leads to a channel of your workspace only"
        )
    count_guests(client, channel, name, token, report)


def count_guests(client: WebClient, channel: str, name: str, token: Token, report: Report):
    guests = unknown = 0
    try:
        for member in members(client, channel):
            if member == token.bot_user_id:
                continue
            try:
                user = client.users_info(user=member)["user"]
            except SlackApiError:
                unknown += 1
                continue
            guests += bool(user.get("is_restricted") or user.get("is_ultra_restricted"))
    except (SlackApiError, OSError) as exc:
        error = exc.response.get("error") if isinstance(exc, SlackApiError) else exc
        report.warnings.append(f"could not list who is in #{name} ({error}): run the check again")
        return
    if guests:
        report.warnings.append(
            f"{guests} {'guest is' if guests == 1 else 'guests are'} in #{name} and "
            "see every card: remove them from the channel unless they should"
        )
    if unknown:
        report.warnings.append(
            f"could not look up {unknown} member(s) of #{name}: run the check again"
        )


def members(client: WebClient, channel: str) -> Iterator[str]:
    cursor = None
    while True:
        page = client.conversations_members(channel=channel, limit=PAGE, cursor=cursor)
        yield from page.get("members", [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return


def channel_problem(channel: str, answer) -> str:
    error = answer.get("error")
    if error == "missing_scope":
        return (
            f"channel {channel}: missing_scope {answer.get('needed')}: add it in the "
            "manifest (manifest.yml) and reinstall the app"
        )
    if error in CHANNEL_ERRORS:
        # Slack hides a private channel from a bot that is not in it: either fix may do.
        return (
            f"channel {channel}: {error}. Invite the bot to the channel (/invite @leads), "
            "or set SLACK_LEADS_CHANNEL to the channel ID (channel details → bottom)"
        )
    return f"channel {channel}: {error}"
