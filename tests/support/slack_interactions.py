"""Interactions beyond a button, built and signed as Slack builds them: a users_select
pick on a card, and a modal submitted with its input's value. Built from
slack_requests.action_body, which has the fields every block_actions payload carries."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode

from tests.support.slack_requests import TEAM, action_body, post


def _payload(body: str) -> dict:
    return json.loads(parse_qs(body)["payload"][0])


def _encode(payload: dict) -> str:
    return urlencode({"payload": json.dumps(payload)})


def user_pick_body(
    action_id: str, lead_id: int, selected: str, response_url: str, **options
) -> str:
    """A person chosen in the `users_select` of lead `lead_id`'s actions block."""
    payload = _payload(action_body(action_id, "", response_url, **options))
    payload["actions"] = [
        {
            "action_id": action_id,
            "block_id": f"lead_{lead_id}",
            "type": "users_select",
            "selected_user": selected,
            "action_ts": "1700000001.000000",
        }
    ]
    return _encode(payload)


def button_body(action_id: str, value: str, response_url: str, trigger_id: str, **options):
    """A button click carrying `trigger_id` (one the emulator issued, for views.open)."""
    payload = _payload(action_body(action_id, value, response_url, **options))
    payload["trigger_id"] = trigger_id
    return _encode(payload)


def view_submission(
    view: dict, values: dict, user: str = "U0MEMBER", team: str = TEAM, user_team=None
) -> str:
    """The modal `view` (as opened) submitted; `values` is {block_id: {action_id: value}}."""
    state = {
        block: {action: {"type": "plain_text_input", "value": value}}
        for block, inputs in values.items()
        for action, value in inputs.items()
    }
    payload = {
        "type": "view_submission",
        "team": {"id": team, "domain": "acme-law"},
        "user": {"id": user, "username": "member", "name": "member", "team_id": user_team or team},
        "api_app_id": "A0LEADS",
        "token": "legacy-verification-token",
        "trigger_id": "1.2.4",
        "view": {**view, "id": "V0NOTE", "type": "modal", "state": {"values": state}},
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    return _encode(payload)


def send(client, body: str):
    response = post(client, body)
    assert response.status_code == 200
    return response


def home_click_payload(action_id: str, value: str, view: dict, **options) -> dict:
    """A button clicked in the app's Home tab: Slack's block_actions from a Home carries
    the view (`container.type` "view") and no channel, message or response URL."""
    payload = _payload(action_body(action_id, value, "https://unused.invalid/", **options))
    for name in ("channel", "response_url", "message"):
        payload.pop(name, None)
    payload["container"] = {"type": "view", "view_id": view["id"]}
    payload["view"] = view
    payload["actions"][0]["block_id"] = _block_of(view, action_id, value)
    return payload


def home_click_body(action_id: str, value: str, view: dict, **options) -> str:
    return _encode(home_click_payload(action_id, value, view, **options))


def _block_of(view: dict, action_id: str, value: str) -> str:
    """The block_id of the button in `view`, as Slack reports it."""
    for block in view["blocks"]:
        elements = block.get("elements", []) + [block.get("accessory") or {}]
        for element in elements:
            if element.get("action_id") == action_id and element.get("value") == value:
                return block.get("block_id", "")
    raise AssertionError(f"no {action_id} button for {value} in the view")
