"""Reading what the app sent to Slack: every text object of some Block Kit, and all of a
message's or an answer's text as one string to search."""

from __future__ import annotations

import json
from collections.abc import Iterator


def text_objects(blocks: list | dict) -> Iterator[dict]:
    """Every Block Kit text object ({"type": "mrkdwn"|"plain_text", "text": ...}) in
    `blocks`, however deep: section text and fields, context elements, button labels."""
    if isinstance(blocks, dict):
        if blocks.get("type") in ("mrkdwn", "plain_text") and isinstance(blocks.get("text"), str):
            yield blocks
        for value in blocks.values():
            if isinstance(value, dict | list):
                yield from text_objects(value)
    elif isinstance(blocks, list):
        for item in blocks:
            yield from text_objects(item)


def mrkdwn_texts(message: dict) -> list[str]:
    """The texts Slack parses as markup: the fallback `text` and every mrkdwn object."""
    objects = text_objects(message.get("blocks") or [])
    return [message.get("text") or ""] + [o["text"] for o in objects if o["type"] == "mrkdwn"]


def all_text(message: dict) -> str:
    return json.dumps(message["blocks"]) + message["text"]


def shown(answer: dict) -> str:
    """The blocks of a `/leads` answer as one string, non-ASCII kept as it is."""
    return json.dumps(answer["blocks"], ensure_ascii=False)
