"""Turn Slack Web API failures, and messages it would refuse, into the outbox's words:
retry later, or fail now."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from slack_sdk.errors import SlackApiError, SlackObjectFormationError
from slack_sdk.models.blocks import Block

from slackkit.blocks import message_blocks
from slackkit.channel_errors import CHANNEL_ERRORS, INVITE_OR_CHECK
from worker.errors import PermanentFailure, RetryLater

log = logging.getLogger("leads.worker.slack.delivery")
T = TypeVar("T")

# Errors that no retry can fix, each with what the operator should do. A hint holds no
# parentheses: the failure ends with "(hint)", which is what alerts quote as the advice.
PERMANENT = {
    **dict.fromkeys(CHANNEL_ERRORS, INVITE_OR_CHECK),  # `flask slack check` retries these
    "is_archived": "the leads channel is archived; unarchive it or set SLACK_LEADS_CHANNEL",
    "invalid_auth": "SLACK_BOT_TOKEN is wrong; copy the Bot User OAuth Token again",
    "not_authed": "SLACK_BOT_TOKEN is missing",
    "account_inactive": "the app was uninstalled or its token revoked; reinstall the app",
    "token_revoked": "the token was revoked; reinstall the app and update SLACK_BOT_TOKEN",
    "missing_scope": "add the missing scope in the app manifest and reinstall",
    "msg_too_long": "the message is too long",
    "message_not_found": "the card was deleted in Slack; nothing to update",
    "cant_update_message": "the card cannot be edited by this bot",
    "invalid_blocks": "the card was rejected as invalid",
    "invalid_blocks_format": "the card was rejected as invalid",
    "invalid_metadata_format": "the card's metadata was rejected as invalid",
    "not_enabled": "the app's Home tab is off; turn it on under App Home, as manifest.yml does",
    "invalid_arguments": "Slack refused the call's arguments, e.g. a view it will not show",
}
MAX_REASONS = 3


def _details(data: dict) -> str:
    """What Slack said besides the error code: the scope it needs, why it refused blocks.
    Neither holds what a person typed (pointers and field names, not values)."""
    if data.get("needed"):
        details = f"; needed: {data['needed']}"
    elif isinstance(data.get("errors"), list) and data["errors"]:
        details = "; " + "; ".join(str(reason) for reason in data["errors"][:MAX_REASONS])
    elif messages := (data.get("response_metadata") or {}).get("messages"):  # views.*
        details = "; " + "; ".join(str(reason) for reason in list(messages)[:MAX_REASONS])
    else:
        return ""
    return details.translate(str.maketrans("()", "[]"))


def call_slack(description: str, fn: Callable[[], T]) -> T:
    """Run one Web API call; raise RetryLater or PermanentFailure when it fails."""
    try:
        return fn()
    except SlackApiError as exc:
        status = exc.response.status_code
        data = exc.response.data if isinstance(exc.response.data, dict) else {}
        error = data.get("error", "")
        if status == 429:
            wait = int(
                exc.response.headers.get("Retry-After", exc.response.headers.get("retry-after", 1))
                or 1
            )
            raise RetryLater(f"{description}: rate limited", delay=timedelta(seconds=wait)) from exc
        if error in PERMANENT:
            fix = PERMANENT[error] + _details(data)
            log.error("%s failed: %s. How to fix: %s", description, error, fix)
            raise PermanentFailure(f"{description}: {error} ({fix})") from exc
        raise RetryLater(f"{description}: HTTP {status} {error}".rstrip()) from exc
    except OSError as exc:  # connection refused, reset, timeout, DNS
        raise RetryLater(f"{description}: {type(exc).__name__}: {exc}") from exc


def blocks_json(blocks: Sequence[Block]) -> list[dict]:
    """Slack's JSON for a message's blocks. Blocks the library refuses, Slack would refuse
    too, on every attempt: fail the job now."""
    try:
        return message_blocks(blocks)
    except (SlackObjectFormationError, ValueError) as exc:
        raise PermanentFailure(f"cannot build the message: {exc}") from exc
