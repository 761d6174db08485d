"""(3) From the 303 to the card at the Slack emulator and the email at the SMTP server."""

from __future__ import annotations

import http.client
import time

from sqlalchemy import create_engine, select

from bench.form_client import post_form
from bench.load import percentiles
from db.models import Lead
from tests.support.slack_requests import CHANNEL


def notification_delay(stack, count: int, interval: float) -> dict:
    """Submit `count` applications `interval` seconds apart (Slack takes ~1 post/s)."""
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30)
    answered: dict[str, float] = {}
    for n in range(count):
        started = time.monotonic()
        email = f"notify{n}@example.com"
        answered[email] = post_form(connection, email)[1]
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    connection.close()
    _wait(
        lambda: (
            len(stack.slack.calls_to("chat.postMessage")) >= count
            and len(stack.smtp.arrivals) >= count
        ),
        timeout=60,
    )
    return {
        "count": count,
        "card": percentiles(_card_delays(stack, answered), (50, 95, 99)),
        "email": percentiles(_email_delays(stack, answered), (50, 95, 99)),
    }


def _card_delays(stack, answered: dict[str, float]) -> list[float]:
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        email_of = dict(connection.execute(select(Lead.id, Lead.email)).all())
    engine.dispose()
    posts = {
        call.params["metadata"]["event_payload"]["lead_id"]: call.at
        for call in stack.slack.calls_to("chat.postMessage")
        if call.params.get("channel") == CHANNEL
    }
    return [
        at - answered[email_of[lead_id]]
        for lead_id, at in posts.items()
        if email_of.get(lead_id) in answered
    ]


def _email_delays(stack, answered: dict[str, float]) -> list[float]:
    arrivals = zip(stack.smtp.messages, stack.smtp.arrivals, strict=True)
    return [
        at - answered[message["To"].addresses[0].addr_spec]
        for message, at in arrivals
        if message["To"].addresses[0].addr_spec in answered
    ]


def _wait(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)
