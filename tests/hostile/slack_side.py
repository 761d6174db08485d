"""The Slack side of the hostile stack: signed requests to /slack/events, the answer to
`/leads` (inline or through the response_url), and the card the worker posts for a lead.

A mixin of HostileStack (tests/hostile/stack.py), which gives it `http`, the Slack
emulator `slack` and the `workers`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from tests.support.slack_requests import command_body, signed_headers

if TYPE_CHECKING:
    from tests.hostile.stack import Reply

ANSWER_TIMEOUT = 5.0


class SlackSide:
    """Signed Slack requests and the cards they lead to."""

    def slack_post(self, body: str | bytes, headers: dict[str, str]) -> Reply:
        raw = body.encode() if isinstance(body, str) else body
        return self.http("POST", "/slack/events", raw, headers)

    def command(
        self, text: str, headers: dict[str, str] | None = None, **options
    ) -> tuple[Reply, dict, bool]:
        """Send a signed `/leads text`; return (reply, the ephemeral answer, whether it came
        through the response_url). The app answers in the acknowledgement, or acknowledges
        empty and answers through the response_url when it deferred the membership check."""
        response_url = self.slack.new_response_url()
        body = command_body(text, response_url, **options)
        reply = self.slack_post(body, {**signed_headers(body), **(headers or {})})
        assert reply.status == 200, reply.text[:500]
        if reply.body:
            return reply, reply.json(), False
        deadline = time.monotonic() + ANSWER_TIMEOUT
        while time.monotonic() < deadline:
            posts = self.slack.response_posts(response_url)
            if posts:
                return reply, posts[0], True
            time.sleep(0.02)
        raise AssertionError(f"no answer to /leads {text[:40]!r}, inline or via response_url")

    def card_for(self, lead_id: int, timeout: float = 10.0) -> dict:
        """The chat.postMessage params of the card for `lead_id`."""

        def find() -> dict | None:
            for call in self.slack.calls_to("chat.postMessage"):
                metadata = call.params.get("metadata") or {}
                if metadata.get("event_payload", {}).get("lead_id") == lead_id:
                    return call.params
            return None

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            card = find()
            if card is not None:
                return card
            time.sleep(0.05)
        raise AssertionError(
            f"no card for lead {lead_id} within {timeout:.0f} s\n{self.workers[0].output()[-4000:]}"
        )
