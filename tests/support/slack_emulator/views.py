"""views.open: a modal opened with a trigger_id, checked as Slack checks it.

Trigger ids come from interactions; Slack's views.open reference: a trigger "expires in
three seconds" and may be used once. The emulator issues them (``new_trigger_id``, as
Slack puts one in a click's payload) and answers ``invalid_trigger_id`` for one it never
issued, ``expired_trigger_id`` past three seconds and ``exchanged_trigger_id`` when used
again. The view (views reference, modal view object): ``type`` "modal"; ``title`` plain_text
of at most 24 characters, ``submit`` and ``close`` likewise, and ``submit`` required when
the view holds an input block; ``callback_id`` 255, ``private_metadata`` 3000; at most 100
blocks, of the types a view may hold, each checked as in a message. A refused view is
``invalid_arguments`` with the reasons in ``response_metadata.messages``.
"""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

from .answers import error
from .block_rules import _text_object, _too_long
from .blocks import block_errors
from .state import SlackState

if TYPE_CHECKING:
    from .emulator import SlackEmulator

TRIGGER_SECONDS = 3.0
VIEW_TEXT_MAX = 24
LENGTHS = {"callback_id": 255, "private_metadata": 3000, "external_id": 255}


def issue_trigger(state: SlackState) -> str:
    with state.lock:
        trigger = f"{int(time.time())}.{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:32]}"
        state.triggers[trigger] = time.monotonic()
    return trigger


def views_open(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    problem = _trigger_problem(state, params.get("trigger_id"))
    if problem:
        return error(problem)
    view = params.get("view")
    reasons = view_errors(view)
    if reasons:
        messages = [f"[ERROR] {reason}" for reason in reasons]
        return {**error("invalid_arguments"), "response_metadata": {"messages": messages}}
    opened = {**view, "id": f"V{uuid.uuid4().hex[:10].upper()}", "team_id": emu.team_id}
    state.views.append(opened)
    return {"ok": True, "view": opened}


def _trigger_problem(state: SlackState, trigger: Any) -> str | None:
    issued = state.triggers.get(trigger) if isinstance(trigger, str) else None
    if issued is None:
        return "invalid_trigger_id"
    if issued < 0:
        return "exchanged_trigger_id"
    state.triggers[trigger] = -1.0  # used, whatever the view's fate
    if time.monotonic() - issued > TRIGGER_SECONDS:
        return "expired_trigger_id"
    return None


def view_errors(view: Any) -> list[str]:
    if not isinstance(view, dict):
        return ["must be an object [json-pointer:/view]"]
    if view.get("type") != "modal":
        return ["must be modal [json-pointer:/view/type]"]
    errors = []
    for name in ("title", "submit", "close"):
        if name in view:
            errors += _text_object(view[name], VIEW_TEXT_MAX, f"/view/{name}", plain_only=True)
    if "title" not in view:
        errors.append("missing required field: title [json-pointer:/view]")
    blocks = view.get("blocks")
    inputs = isinstance(blocks, list) and any(
        isinstance(b, dict) and b.get("type") == "input" for b in blocks
    )
    if inputs and "submit" not in view:
        errors.append("submit is required when an input block is present [json-pointer:/view]")
    for name, limit in LENGTHS.items():
        errors += _too_long(view.get(name), limit, f"/view/{name}")
    return errors + block_errors(blocks, surface="view", pointer="/view/blocks")
