"""The Block Kit rules Slack enforces that slack_sdk's models leave unchecked, or check
without saying where: lengths, plain_text-only texts, which elements a block may hold,
required fields, and ids that must be unique.

Each number is the one Slack's Block Kit reference gives (docs.slack.dev/reference/
block-kit/...): section `text` 3000 characters and `fields` 10 items of 2000 each
(section block), header text 150 and plain_text only (header block), context 10 elements
of text or image (context block), actions 25 elements (actions block), button text 75 and
plain_text only, `value` 2000, `url` 3000, `action_id` 255 (button element), input label
2000 and plain_text only (input block), `block_id` 255.  Uniqueness: an `action_id` "should
be unique among all other action_ids in the containing block" (slack types, Actionable)
and Slack refuses a block that repeats one (knacklabs/gantry#458: "Slack requires
action_ids to be unique within one actions block"); a `block_id` "should be unique for
each message" and a message repeating one is refused.
"""

from __future__ import annotations

from typing import Any

TEXT_TYPES = ("plain_text", "mrkdwn")
# The text object's fields (composition objects reference): emoji is plain_text's only.
TEXT_FIELDS = {"plain_text": {"type", "text", "emoji"}, "mrkdwn": {"type", "text", "verbatim"}}
BUTTON_LIMITS = {"value": 2000, "url": 3000, "action_id": 255}
CONTEXT_ELEMENT_TYPES = {"image", "plain_text", "mrkdwn"}


def block_rule_errors(block: dict, pointer: str) -> list[str]:
    """The rules of one block; `pointer` is its JSON pointer."""
    errors = _too_long(block.get("block_id"), 255, f"{pointer}/block_id")
    check = _BY_TYPE.get(block.get("type"))
    return errors + (check(block, pointer) if check else [])


def unique_id_errors(blocks: list, pointer: str) -> list[str]:
    """Repeated `block_id`s in the message, repeated `action_id`s within one block."""
    errors, block_ids = [], set()
    for index, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue
        here = f"{pointer}/{index}"
        block_id = block.get("block_id")
        if block_id is not None and block_id in block_ids:
            errors.append(f"block_id must be unique in a message [json-pointer:{here}/block_id]")
        block_ids.add(block_id)
        action_ids = set()
        for where, element in _interactive_elements(block, here):
            action_id = element.get("action_id")
            if action_id is not None and action_id in action_ids:
                errors.append(
                    f"action_id must be unique in its block [json-pointer:{where}/action_id]"
                )
            action_ids.add(action_id)
    return errors


def _interactive_elements(block: dict, pointer: str):
    accessory = block.get("accessory")
    if isinstance(accessory, dict):
        yield f"{pointer}/accessory", accessory
    elements = block.get("elements") if block.get("type") == "actions" else None
    for index, element in enumerate(elements if isinstance(elements, list) else []):
        if isinstance(element, dict):
            yield f"{pointer}/elements/{index}", element


def _section(block: dict, pointer: str) -> list[str]:
    text, fields = block.get("text"), block.get("fields")
    if text is None and not fields:
        return [f"must define either `text` or `fields` [json-pointer:{pointer}]"]
    errors = _text_object(text, 3000, f"{pointer}/text") if text is not None else []
    if isinstance(fields, list):
        if len(fields) > 10:
            errors.append(f"no more than 10 items allowed [json-pointer:{pointer}/fields]")
        for index, field in enumerate(fields):
            errors += _text_object(field, 2000, f"{pointer}/fields/{index}")
    accessory = block.get("accessory")
    if isinstance(accessory, dict) and accessory.get("type") == "button":
        errors += _button(accessory, f"{pointer}/accessory")
    return errors


def _header(block: dict, pointer: str) -> list[str]:
    text = block.get("text")
    if text is None:
        return [f"missing required field: text [json-pointer:{pointer}]"]
    return _text_object(text, 150, f"{pointer}/text", plain_only=True)


def _context(block: dict, pointer: str) -> list[str]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        return [f"missing required field: elements [json-pointer:{pointer}]"]
    errors = []
    if len(elements) > 10:
        errors.append(f"no more than 10 items allowed [json-pointer:{pointer}/elements]")
    for index, element in enumerate(elements):
        here = f"{pointer}/elements/{index}"
        kind = element.get("type") if isinstance(element, dict) else None
        if kind not in CONTEXT_ELEMENT_TYPES:
            errors.append(f"failed to match all allowed schemas [json-pointer:{here}]")
        elif kind != "image":
            errors += _text_object(element, 3000, here)
    return errors


def _actions(block: dict, pointer: str) -> list[str]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        return [f"missing required field: elements [json-pointer:{pointer}]"]
    errors = []
    if len(elements) > 25:
        errors.append(f"no more than 25 items allowed [json-pointer:{pointer}/elements]")
    for index, element in enumerate(elements):
        if isinstance(element, dict) and element.get("type") == "button":
            errors += _button(element, f"{pointer}/elements/{index}")
    return errors


def _input(block: dict, pointer: str) -> list[str]:
    """Input block: a plain_text `label` of 2000 and an `element`; a plain_text_input's
    `max_length` at most 3000 (plain-text input element reference)."""
    label, element = block.get("label"), block.get("element")
    if label is None or element is None:
        return [f"missing required field: {'label' if label is None else 'element'} "
                f"[json-pointer:{pointer}]"]  # fmt: skip
    errors = _text_object(label, 2000, f"{pointer}/label", plain_only=True)
    if isinstance(element, dict) and element.get("type") == "plain_text_input":
        for name in ("max_length", "min_length"):
            value = element.get(name)
            if value is not None and not (isinstance(value, int) and 0 <= value <= 3000):
                errors.append(f"must be at most 3000 [json-pointer:{pointer}/element/{name}]")
    return errors


def _button(button: dict, pointer: str) -> list[str]:
    text = button.get("text")
    if text is None:
        return [f"missing required field: text [json-pointer:{pointer}]"]
    errors = _text_object(text, 75, f"{pointer}/text", plain_only=True)
    for name, limit in BUTTON_LIMITS.items():
        errors += _too_long(button.get(name), limit, f"{pointer}/{name}")
    return errors


def _text_object(text: Any, limit: int, pointer: str, plain_only: bool = False) -> list[str]:
    if not isinstance(text, dict):
        return [f"must be an object [json-pointer:{pointer}]"]
    allowed = ("plain_text",) if plain_only else TEXT_TYPES
    if text.get("type") not in allowed:
        return [f"must be one of {', '.join(allowed)} [json-pointer:{pointer}/type]"]
    extra = sorted(set(text) - TEXT_FIELDS[text["type"]])
    if extra:
        return [f"invalid additional property: {name} [json-pointer:{pointer}]" for name in extra]
    value = text.get("text")
    if not isinstance(value, str):
        return [f"missing required field: text [json-pointer:{pointer}]"]
    if not value:
        return [f"must be more than 0 characters [json-pointer:{pointer}/text]"]
    return _too_long(value, limit, f"{pointer}/text")


def _too_long(value: Any, limit: int, pointer: str) -> list[str]:
    if isinstance(value, str) and len(value) > limit:
        return [f"must be less than {limit + 1} characters [json-pointer:{pointer}]"]
    return []


_BY_TYPE = {
    "section": _section,
    "header": _header,
    "context": _context,
    "actions": _actions,
    "input": _input,
}
