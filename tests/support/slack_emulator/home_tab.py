"""views.publish: a user's Home tab, checked as Slack checks it, kept per user for tests.

From Slack's views.publish reference: arguments `user_id` and `view` (a JSON-encoded
view payload; `hash` optional), no scope needed, Tier 4. A `user_id` Slack does not know
is ``invalid_arguments`` with ``response_metadata.messages`` ["invalid `user_id`"], the
answer its reference quotes "before getting to any possible validation errors"; a view
that is not of type ``home``, or whose blocks Slack refuses (at most 100, of the types a
view holds, each checked as in a message), is ``invalid_arguments`` with the reasons;
``not_enabled`` when the app's Home tab is off; ``view_too_large`` past 250 kB;
``hash_conflict`` when `hash` is given and is not the stored view's. A Home view has
no title, submit or close (those are a modal's); any field but the five a Home takes is
refused here, which may be stricter than Slack, never looser. Slack keeps the last
view published for each user: so does ``SlackState.homes``, with a `block_id` given to
each block that had none, as Slack does.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import TYPE_CHECKING, Any

from .answers import error
from .block_rules import _too_long
from .blocks import block_errors
from .state import SlackState

if TYPE_CHECKING:
    from .emulator import SlackEmulator

VIEW_BYTES_MAX = 250_000
LENGTHS = {"callback_id": 255, "private_metadata": 3000, "external_id": 255}
HOME_FIELDS = {"type", "blocks", "callback_id", "private_metadata", "external_id"}


def views_publish(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    user_id = params.get("user_id")
    if not isinstance(user_id, str) or user_id not in state.users:
        return _invalid(["invalid `user_id`"])
    if not emu.home_tab_enabled:
        return error("not_enabled")
    view = params.get("view")
    if len(json.dumps(view)) > VIEW_BYTES_MAX:
        return error("view_too_large")
    reasons = home_view_errors(view)
    if reasons:
        return _invalid([f"[ERROR] {reason}" for reason in reasons])
    stored = state.homes.get(user_id)
    given_hash = params.get("hash")
    if given_hash and (stored is None or stored["hash"] != given_hash):
        return error("hash_conflict")
    published = {
        **view,
        "blocks": [_with_block_id(block) for block in view["blocks"]],
        "id": stored["id"] if stored else f"V{uuid.uuid4().hex[:10].upper()}",
        "team_id": emu.team_id,
        "hash": f"{time.time():.7f}",
        "app_id": "A0LEADS",
        "bot_id": emu.bot_id,
    }
    state.homes[user_id] = published
    state.home_history.append((user_id, published))
    return {"ok": True, "view": published}


def home_view_errors(view: Any) -> list[str]:
    if not isinstance(view, dict):
        return ["must be an object [json-pointer:/view]"]
    if view.get("type") != "home":
        return ["must be home [json-pointer:/view/type]"]
    errors = [
        f"invalid additional property: {name} [json-pointer:/view]"
        for name in view
        if name not in HOME_FIELDS
    ]
    for name, limit in LENGTHS.items():
        errors += _too_long(view.get(name), limit, f"/view/{name}")
    return errors + block_errors(view.get("blocks"), surface="view", pointer="/view/blocks")


def _invalid(messages: list[str]) -> dict:
    return {**error("invalid_arguments"), "response_metadata": {"messages": messages}}


def _with_block_id(block: dict) -> dict:
    """Slack gives a block without a `block_id` one of its own, reported in interactions."""
    return block if "block_id" in block else {**block, "block_id": uuid.uuid4().hex[:5]}
