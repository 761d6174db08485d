"""Block Kit payloads checked the way Slack checks them: a refused payload is never posted.

Each block is parsed with ``slack_sdk.models.blocks.Block.parse`` and validated with
``validate_json()`` (through ``to_dict()``, which validates every nested element too).
What the model dropped or changed is a property Slack does not know: the input and the
parsed model's ``to_dict()`` are compared recursively, and a key missing from the model is
an "invalid additional property".  The rules slack_sdk does not check (lengths of section
fields, plain_text-only texts, which elements a context may hold, unique ids) are in
``block_rules``.

Errors read like Slack's own ``invalid_blocks`` answer, e.g. ``must be less than 3001
characters [json-pointer:/blocks/0/text/text]`` (the form seen in Slack's answers quoted
in slackapi/java-slack-sdk#1017 and in slack-go/slack's tests), and go in ``errors``.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

from .block_rules import block_rule_errors, unique_id_errors

# Slack's Block Kit reference: "You can include up to 50 blocks in each message, and 100
# blocks in modals or Home tabs" (docs.slack.dev/reference/block-kit/blocks).
MAX_BLOCKS = {"message": 50, "view": 100}

# The block types Slack's block reference lists for each surface (markdown and table
# blocks are for messages only).
SURFACE_TYPES = {
    "message": {
        "actions", "context", "context_actions", "divider", "file", "header", "image",
        "input", "markdown", "rich_text", "section", "table", "video",
    },
    "view": {
        "actions", "context", "divider", "header", "image", "input", "rich_text", "section",
        "video",
    },
}  # fmt: skip

_UNEXPECTED_KEYWORD = re.compile(r"unexpected keyword argument '([^']+)'")
_MODEL_ERRORS = (SlackObjectFormationError, TypeError, ValueError, AttributeError, KeyError)

# slack_sdk logs a warning for every unknown key; the emulator reports them instead.
logging.getLogger("slack_sdk.models").setLevel(logging.ERROR)


def block_errors(blocks: Any, surface: str = "message", pointer: str = "/blocks") -> list[str]:
    """Slack's reasons for refusing `blocks`, or [] if Slack would accept them."""
    if not isinstance(blocks, list):
        return [f"must be an array [json-pointer:{pointer}]"]
    errors = []
    if len(blocks) > MAX_BLOCKS[surface]:
        errors.append(f"no more than {MAX_BLOCKS[surface]} items allowed [json-pointer:{pointer}]")
    for index, block in enumerate(blocks):
        errors += _one_block(block, surface, f"{pointer}/{index}")
    # A rule of ours and the model may find the same fault; Slack names it once.
    return list(dict.fromkeys(errors + unique_id_errors(blocks, pointer)))


def _one_block(block: Any, surface: str, pointer: str) -> list[str]:
    if not isinstance(block, dict):
        return [f"must be an object [json-pointer:{pointer}]"]
    kind = block.get("type")
    if not kind:
        return [f"missing required field: type [json-pointer:{pointer}]"]
    if kind not in SURFACE_TYPES[surface]:
        return [f"unsupported type: {kind} [json-pointer:{pointer}]"]
    rule_errors = block_rule_errors(block, pointer)
    try:
        model = Block.parse(copy.deepcopy(block))
        if model is None:
            return [f"unsupported type: {kind} [json-pointer:{pointer}]"]
        model.validate_json()
        kept = model.to_dict()
    except _MODEL_ERRORS as exc:
        return rule_errors or [f"{_reason(exc)} [json-pointer:{pointer}]"]
    return rule_errors + model_differences(block, kept, pointer)


def _reason(exc: Exception) -> str:
    unexpected = _UNEXPECTED_KEYWORD.search(str(exc))
    if unexpected:
        return f"invalid additional property: {unexpected.group(1)}"
    return str(exc) or type(exc).__name__


def model_differences(given: Any, kept: Any, pointer: str) -> list[str]:
    """What Slack would refuse in `given`: each key the parsed model dropped, and each value
    it could not keep as it was (an unknown type read as another, a string for an object)."""
    if isinstance(given, dict):
        if not isinstance(kept, dict):
            return [f"failed to match all allowed schemas [json-pointer:{pointer}]"]
        errors = []
        for key, value in given.items():
            here = f"{pointer}/{key}"
            if key in kept:
                errors += model_differences(value, kept[key], here)
            else:
                errors.append(_dropped(key, value, pointer, here))
        return errors
    if isinstance(given, list):
        if not isinstance(kept, list) or len(kept) != len(given):
            return [f"failed to match all allowed schemas [json-pointer:{pointer}]"]
        errors = []
        for index, item in enumerate(given):
            errors += model_differences(item, kept[index], f"{pointer}/{index}")
        return errors
    if type(given) is not type(kept) or given != kept:
        return [f"failed to match all allowed schemas [json-pointer:{pointer}]"]
    return []


def _dropped(key: str, value: Any, parent: str, here: str) -> str:
    """A key the model left out: empty (the model drops those), null, or unknown to Slack."""
    if value == "":
        return f"must be more than 0 characters [json-pointer:{here}]"
    if value == [] or value == {}:
        return f"must provide at least 1 item [json-pointer:{here}]"
    if value is None:
        return f"must not be null [json-pointer:{here}]"
    return f"invalid additional property: {key} [json-pointer:{parent}]"
