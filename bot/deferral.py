"""Acknowledge at once when deciding who may act needs Slack; decide and act just after.

Slack wants an answer within 3 seconds, and a click should feel instant. When the
membership of the clicker is not cached (or we do not yet know our own workspace),
finding out means Slack API calls. Rather than make the click wait for them, the
request is acknowledged empty and dispatched again on a worker thread, marked
deferred; the same middleware then decides with all the time it needs, and listeners
answer through `respond()` (the response_url) instead of the acknowledgement.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_bolt.request.internals import build_context

log = logging.getLogger("leads.bot.deferral")

DEFERRED_HEADER = "x-leads-deferred"
CONTEXT_FLAG = "leads_deferred"


def is_deferred(req: BoltRequest) -> bool:
    return bool(req.headers.get(DEFERRED_HEADER))


def with_body(raw: str, query, headers: dict, body: dict) -> BoltRequest:
    """A Bolt request whose body we parsed ourselves (Bolt 1.30 mis-parses some)."""
    # build_context logs when a view submission carries several response_urls, before
    # App.dispatch has given the context its logger: without one that is a KeyError (500).
    request = BoltRequest(body=raw, query=query, headers=headers, context={"logger": log})
    request.body = body
    request.context = build_context(BoltContext({"logger": log}), body)
    return request


class Deferral:
    def __init__(self, workers: int = 4) -> None:
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="leads-deferred")
        self.dispatch: Callable[[BoltRequest], BoltResponse] | None = None

    def later(self, req: BoltRequest) -> BoltResponse:
        headers = {**req.headers, DEFERRED_HEADER: ["1"]}
        again = with_body(req.raw_body, req.query, headers, req.body)
        self._pool.submit(self._run, again)
        return BoltResponse(status=200, body="")

    def run(self, function: Callable[..., None], *args) -> None:
        """Run other after-the-ack work (a denial notice) on the same bounded pool."""
        self._pool.submit(function, *args)

    def _run(self, req: BoltRequest) -> None:
        try:
            response = self.dispatch(req)
        except Exception:
            log.exception("a deferred Slack request failed")
            return
        if response.status != 200:
            log.error(
                "a deferred Slack request was answered %s: %s",
                response.status,
                str(response.body)[:200],
            )
