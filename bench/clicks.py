"""(4) Acknowledging a signed click while every Slack call takes 500 ms: the state buttons
("Mark reached out", "Move back to pending"), or Claim and Release."""

from __future__ import annotations

import http.client
import time

from bench.load import percentiles
from tests.support.slack_requests import action_body, signed_headers

MEMBERS = [f"U0CLICK{n}" for n in range(5)]
STATE_BUTTONS = ("mark_reached_out", "move_to_pending")
CLAIM_BUTTONS = ("claim_lead", "release_lead")


def click_acknowledgement(
    stack, lead_ids: list[int], slack_delay: float = 0.5, buttons: tuple = STATE_BUTTONS
) -> dict:
    for member in MEMBERS:
        stack.slack.add_user(member, name=member.lower())
    stack.slack.slow(None, slack_delay)
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30)
    latencies, statuses = [], {}
    try:
        for n, lead_id in enumerate(lead_ids):
            action = buttons[(n // len(MEMBERS)) % 2]
            body = action_body(
                action, str(lead_id), stack.slack.new_response_url(), user=MEMBERS[n % len(MEMBERS)]
            )
            started = time.monotonic()
            connection.request("POST", "/slack/events", body.encode(), signed_headers(body))
            response = connection.getresponse()
            response.read()
            latencies.append(time.monotonic() - started)
            statuses[response.status] = statuses.get(response.status, 0) + 1
    finally:
        connection.close()
        time.sleep(2 * slack_delay)
        stack.slack.slow(None, 0)
    return {
        "count": len(latencies),
        "statuses": statuses,
        "slack_delay_ms": slack_delay * 1000,
        **percentiles(latencies, (50, 95, 99)),
        "max_ms": round(max(latencies) * 1000, 1),
    }
