"""The Home tab as tests drive it: leads seeded straight into the database, the Home
opened by a signed `app_home_opened` event, and the view Slack would show read back."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from sqlalchemy import insert

from db.models import Lead, LeadState, Resume
from db.types import utcnow
from tests.support.slack_requests import app_home_opened, post_json


def seed_leads(app, count: int, owner: str | None = None, name: str = "Ada") -> list[int]:
    """`count` pending leads (oldest first by id), each with a resume; returns their ids."""
    base = utcnow() - timedelta(days=2)
    rows = [
        {
            "first_name": f"{name}{n}",
            "last_name": "Lovelace",
            "email": f"{name.lower()}{n}@example.com",
            "email_key": f"{name.lower()}{n}@example.com",
            "search_text": f"{name.lower()}{n} lovelace",
            "state": LeadState.PENDING,
            "created_at": base + timedelta(minutes=n),
            "updated_at": base,
            "owner_id": owner,
            "claimed_at": base if owner else None,
        }
        for n in range(count)
    ]
    with app.extensions["db"].sessions.begin() as session:
        ids = list(
            session.scalars(insert(Lead).returning(Lead.id, sort_by_parameter_order=True), rows)
        )
        session.execute(
            insert(Resume),
            [
                {
                    "lead_id": i,
                    "filename": "cv.pdf",
                    "kind": "pdf",
                    "content_type": "application/pdf",
                    "size": 4,
                    "sha256": "0" * 64,
                    "data": b"%PDF",
                    "created_at": base,
                }  # fmt: skip
                for i in ids
            ],
        )
    return ids


def open_home(slack, client, user: str = "U0MEMBER", count: int = 1, **options) -> dict:
    """Open `user`'s Home (a signed app_home_opened) and return the view then published."""
    before = len(slack.home_publishes(user))
    response = post_json(client, app_home_opened(user, **options))
    assert response.status_code == 200
    return wait_for_home(slack, user, before + count)


def wait_for_home(slack, user: str, publishes: int, timeout: float = 10.0) -> dict:
    """The view once `user`'s Home was published `publishes` times in all."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        history = slack.home_publishes(user)
        if len(history) >= publishes:
            return history[publishes - 1]
        time.sleep(0.02)
    raise AssertionError(f"{user}'s Home was published {len(slack.home_publishes(user))} times")


def home_text(view: dict) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def buttons(view: dict) -> list[tuple[str, str, str]]:
    """(label, action_id, value) of every button in the view, in order."""
    found = []
    for block in view["blocks"]:
        for element in block.get("elements", []) + [block.get("accessory") or {}]:
            if element.get("type") == "button":
                found.append((element["text"]["text"], element["action_id"], element["value"]))
    return found
