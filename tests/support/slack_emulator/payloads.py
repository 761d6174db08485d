"""What a message may carry: its text, blocks and metadata, checked before it is posted.

Used by chat.postMessage, chat.postEphemeral and chat.update, and by posts to response
URLs.  The errors are those of Slack's chat.postMessage reference (docs.slack.dev/
reference/methods/chat.postMessage): ``no_text``, ``msg_too_long`` (the `text` field
"has a limit of 40,000 characters"), ``invalid_blocks`` (with the reasons in ``errors``
and, as Slack adds them, in ``response_metadata.messages``), ``invalid_blocks_format``
(blocks that are not a JSON array) and ``invalid_metadata_format`` (metadata needs an
``event_type`` string and an ``event_payload`` object whose values are strings, numbers,
booleans, or objects of those, or lists of such objects: Slack's MessageMetadata type in
@slack/types).
"""

from __future__ import annotations

from typing import Any

from .answers import error
from .blocks import block_errors

MAX_TEXT = 40_000
CONTENT_FIELDS = ("text", "blocks", "attachments")


def content_problem(params: dict, *, require_content: bool = True) -> dict | None:
    """Slack's error body for the message in `params`, or None if Slack would post it."""
    if require_content and not any(params.get(name) for name in CONTENT_FIELDS):
        return error("no_text")
    text = params.get("text")
    if isinstance(text, str) and len(text) > MAX_TEXT:
        return error("msg_too_long")
    if params.get("blocks") not in (None, ""):
        problem = _blocks_problem(params["blocks"])
        if problem:
            return problem
    if params.get("metadata") not in (None, "") and not _metadata_ok(params["metadata"]):
        return error("invalid_metadata_format")
    return None


def _blocks_problem(blocks: Any) -> dict | None:
    if not isinstance(blocks, list):  # a string left over: not valid JSON, or not an array
        return error("invalid_blocks_format")
    reasons = block_errors(blocks)
    if not reasons:
        return None
    return {
        **error("invalid_blocks"),
        "errors": reasons,
        "response_metadata": {"messages": [f"[ERROR] {reason}" for reason in reasons]},
    }


def _metadata_ok(metadata: Any) -> bool:
    return (
        isinstance(metadata, dict)
        and isinstance(metadata.get("event_type"), str)
        and bool(metadata["event_type"])
        and isinstance(metadata.get("event_payload"), dict)
        and all(_payload_value_ok(value) for value in metadata["event_payload"].values())
    )


def _flat(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(v, str | int | float | bool) for v in value.values()
    )


def _payload_value_ok(value: Any) -> bool:
    if isinstance(value, str | int | float | bool) or _flat(value):
        return True
    return isinstance(value, list) and all(_flat(item) for item in value)
