"""What a Slack request passes before Bolt sees it, whichever way it came: over HTTP
(bot/endpoint.py, once its signature is checked) or over Socket Mode (bot/socket_mode.py,
from the connection Slack opened to us).

- Once: a delivery seen before is acknowledged empty and dropped (bot/replay.py). Over
  HTTP a delivery is named by its signature, over Socket Mode by its envelope id; an
  Events API event also by its `event_id`, which Slack's retries repeat: a retry of an
  event already handled is acknowledged and dropped, one never handled is handled.
- An event without an `event_id` and an `event` object is junk (400).
- Answers go to Slack only: a body naming a response URL that is not Slack's is refused
  before any work (bot/response_urls.py).

Bolt then gets the body we checked, and of the headers only Slack's retry marks: it obeys
others (`X-Slack-Bolt-Lazy-Only`, `X-Slack-Bolt-Lazy-Function-Name`, meant for its FaaS
adapters, skip the ack and run a lazy listener in the request), and a client may send them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_bolt import BoltRequest

from bot import replay
from bot.response_urls import shown

if TYPE_CHECKING:
    from bot import SlackIntegration

log = logging.getLogger("leads.bot.inbound")

RETRY_HEADERS = ("X-Slack-Retry-Num", "X-Slack-Retry-Reason")


@dataclass(frozen=True)
class Refusal:
    """Why a request goes no further: HTTP `status`, and `error` for the body (None: the
    request is acknowledged empty, as Slack expects of a delivery it sent twice)."""

    status: int
    error: str | None


AGAIN = Refusal(200, None)
FOREIGN_URL = Refusal(400, "response_url is not a Slack URL")
MALFORMED_EVENT = Refusal(400, "malformed event")
EVENT_CALLBACK = "event_callback"


def admit(slack: SlackIntegration, delivery: str, body: dict) -> Refusal | None:
    """None when the request may go to Bolt; else why not (logged here)."""
    if not slack.replay.first_sighting(delivery):
        log.warning("a Slack request came again (%s); ignored", delivery.split(":")[0])
        return AGAIN
    if body.get("type") == EVENT_CALLBACK:
        return _admit_event(slack, body)
    if foreign := slack.response_urls.foreign(body):
        log.warning(
            "refused a Slack request: response URL at %s is not Slack's",
            ", ".join(shown(url) for url in foreign),
        )
        return FOREIGN_URL
    return None


def _admit_event(slack: SlackIntegration, body: dict) -> Refusal | None:
    event_id, event = body.get("event_id"), body.get("event")
    if not isinstance(event_id, str) or not event_id or not isinstance(event, dict):
        return MALFORMED_EVENT
    if not slack.replay.first_sighting(replay.event(event_id), replay.REMEMBER_EVENTS_FOR):
        log.info("event %s came again; handled once already", event_id)
        return AGAIN
    return None


def bolt_request(
    body: dict, retry: dict[str, str], mode: str = "http", query: str | None = None
) -> BoltRequest:
    """The request Bolt dispatches: `body` as we checked it, Slack's retry marks only."""
    headers = {name: value for name, value in retry.items() if name in RETRY_HEADERS}
    return BoltRequest(
        # Over HTTP Bolt parses the body again (also for each lazy listener), and JSON it
        # reads exactly as we did; over Socket Mode it takes the dict as it is.
        body=json.dumps(body) if mode == "http" else body,
        query=query,
        headers={**headers, "Content-Type": "application/json"},
        mode=mode,
        # Bolt logs through the context while it builds it (a view submission with several
        # response URLs), before dispatch gives it a logger: without one, a KeyError.
        context={"logger": log},
    )
