"""A Slack request is acted on once, and a signed one only around the moment it was signed.

The signature covers `v0:{timestamp}:{body}`, so anyone who captured a request (a proxy
log, a debugging dump) could send it again, byte for byte, while its timestamp is
accepted: a replayed "Mark reached out" would set a lead again after someone moved it
back. Slack does not send a command or an interaction twice. Its Events API retries
(`X-Slack-Retry-Num`) come with a fresh signature, the last about six minutes after the
first delivery, later than the original signature is accepted: an event is named by its
`event_id` as well (`event`), remembered for longer than Slack retries, so a retry of an
event already handled is dropped and one whose first delivery never reached us is not.

Over Socket Mode there is no signature and nobody but Slack on the connection; what can
come twice is an envelope Slack sends again when it did not see our acknowledgement (a
connection that dropped, a refresh), under the same `envelope_id`. That id names the
delivery there.

slack_sdk accepts timestamps up to 5 minutes old *and* 5 minutes ahead. Ahead only
happens when a clock is wrong, so we allow `MAX_AHEAD` seconds of drift and no more.
"""

from __future__ import annotations

import time

from slackkit.shared_cache import ExpiringStore

MAX_AGE = 300  # slack_sdk's and Slack's documented window into the past
# Slack signs and sends at once, so a timestamp ahead of our clock means our clock is
# behind. NTP keeps servers within a second; a minute is generous for a drifting host,
# and cuts the future window slack_sdk allows from 5 minutes to 1.
MAX_AHEAD = 60
# A timestamp is accepted for at most MAX_AHEAD + MAX_AGE seconds of our clock; the
# margin covers processes sharing the store whose clocks differ by up to a minute.
REMEMBER_FOR = MAX_AHEAD + MAX_AGE + 60
# Slack retries an event three times: at once, after a minute, after five minutes. An
# hour covers them with room for a slow first delivery.
REMEMBER_EVENTS_FOR = 3600


def too_far_ahead(timestamp: str, now: float | None = None) -> bool:
    """Whether an X-Slack-Request-Timestamp is further in the future than drift explains.
    Call after the signature check, which refuses timestamps that are not numbers."""
    return int(timestamp) > (time.time() if now is None else now) + MAX_AHEAD


class ReplayGuard:
    """Remembers each delivery (a signed request, an envelope) for as long as it could be
    accepted; through `CACHE_URL` every process shares the memory."""

    def __init__(self, store: ExpiringStore) -> None:
        self._store = store

    def first_sighting(self, delivery: str, remember_for: float = REMEMBER_FOR) -> bool:
        """Whether `delivery` (from `signed_request`, `envelope` or `event`) is new;
        remembers it."""
        return self._store.add(delivery, "1", remember_for)


def signed_request(timestamp: str, signature: str) -> str:
    # The signature alone names the request (an HMAC of timestamp and body); the timestamp
    # in the key makes stored entries readable when debugging.
    return f"slack-request:{timestamp}:{signature}"


def envelope(envelope_id: str) -> str:
    # Slack's events are retried for minutes, not longer, so REMEMBER_FOR covers them too.
    return f"slack-envelope:{envelope_id}"


def event(event_id: str) -> str:
    # Slack's id for one event, the same on each of its retries (over HTTP or a socket).
    return f"slack-event:{event_id}"
