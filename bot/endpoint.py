"""POST /slack/events: verify, refuse what must not run, parse safely, then hand to Bolt.

In order: the signature and a timestamp neither older than 5 minutes nor more than a
minute ahead (401); a signed request seen before is a replay, acknowledged empty and
dropped (bot/replay.py); the body is parsed by us (400 for junk; Bolt parses before it
checks the signature, so unsigned junk such as `payload=%7B` would be a 500 inside it,
and Bolt 1.30 mis-reads a slash command whose text contains the word "payload"); a
response URL that is not Slack's is refused (400, bot/response_urls.py). Only then
does Bolt see the request: the body we checked, re-encoded as JSON (Bolt parses it
again, also for each lazy listener, and JSON it reads exactly as we did), and of the
headers only Slack's retry marks, so nothing downstream can read another body, post to
a URL we did not check, or be steered by a header a client added.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qsl

from flask import Blueprint, current_app, jsonify, request
from slack_bolt import BoltRequest
from slack_bolt.adapter.flask.handler import to_flask_response

from bot.replay import too_far_ahead
from bot.response_urls import shown

log = logging.getLogger("leads.bot.endpoint")
bp = Blueprint("slack", __name__)

TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
SIGNATURE_HEADER = "X-Slack-Signature"
JSON, FORM = "application/json", "application/x-www-form-urlencoded"
# What Bolt is told of the headers. It obeys others: `X-Slack-Bolt-Lazy-Only` and
# `X-Slack-Bolt-Lazy-Function-Name` (meant for its FaaS adapters) skip the ack and run
# a lazy listener in the request, and a client may send them.
FORWARDED_HEADERS = ("X-Slack-Retry-Num", "X-Slack-Retry-Reason")


class MalformedBody(ValueError):
    pass


@bp.post("/slack/events")
def events():
    slack = current_app.extensions.get("slack")
    if slack is None:
        return jsonify(error="Slack is not configured on this server"), 503
    raw = request.get_data(cache=True, as_text=True)
    if not _is_signed(slack.verifier, raw):
        return jsonify(error="invalid signature"), 401
    stamp, signature = request.headers[TIMESTAMP_HEADER], request.headers[SIGNATURE_HEADER]
    if not slack.replay.first_sighting(stamp, signature):
        log.warning("a signed Slack request (timestamp %s) came again; ignored", stamp)
        return "", 200
    kind = body_type(raw, request.mimetype)
    try:
        body = parse_body(raw, kind)
    except MalformedBody:
        return jsonify(error="malformed body"), 400
    if foreign := slack.response_urls.foreign(body):
        log.warning(
            "refused a signed Slack request: response URL at %s is not Slack's",
            ", ".join(shown(url) for url in foreign),
        )
        return jsonify(error="response_url is not a Slack URL"), 400
    return to_flask_response(slack.bolt.dispatch(for_bolt(body)))


def for_bolt(body: dict) -> BoltRequest:
    headers = {name: request.headers[name] for name in FORWARDED_HEADERS if name in request.headers}
    return BoltRequest(
        body=json.dumps(body),
        query=request.query_string.decode("utf-8"),
        headers={**headers, "Content-Type": JSON},
        # Bolt logs through the context while it builds it (a view submission with several
        # response URLs), before dispatch gives it a logger: without one, a KeyError.
        context={"logger": log},
    )


def _is_signed(verifier, raw: str) -> bool:
    try:
        return verifier.is_valid_request(raw, dict(request.headers)) and not too_far_ahead(
            request.headers[TIMESTAMP_HEADER]
        )
    except (ValueError, TypeError):  # e.g. a timestamp header that is not a number
        return False


def body_type(raw: str, mimetype: str) -> str:
    return JSON if mimetype == JSON or raw.startswith("{") else FORM


def parse_body(raw: str, kind: str) -> dict:
    try:
        if kind == JSON:
            body = json.loads(raw)
        else:
            fields = dict(parse_qsl(raw, keep_blank_values=True))
            body = json.loads(fields["payload"]) if "payload" in fields else fields
    except (ValueError, TypeError):
        raise MalformedBody from None
    if not isinstance(body, dict):
        raise MalformedBody
    return body
