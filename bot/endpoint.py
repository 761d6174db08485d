"""POST /slack/events: verify, refuse what must not run, parse safely, then hand to Bolt.

In order: the signature and a timestamp neither older than 5 minutes nor more than a
minute ahead (401); a signed request seen before is a replay, acknowledged empty and
dropped (bot/replay.py); the body is parsed by us (400 for junk; Bolt parses before it
checks the signature, so unsigned junk such as `payload=%7B` would be a 500 inside it,
and Bolt 1.30 mis-reads a slash command whose text contains the word "payload"); a
response URL that is not Slack's is refused (400, bot/response_urls.py). Only then
does Bolt see the request, with the body we checked and the content type we parsed it
by (Bolt parses the raw body again for lazy listeners), so nothing downstream can read
another body or post to a URL we did not check.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qsl

from flask import Blueprint, current_app, jsonify, request
from slack_bolt.adapter.flask.handler import to_flask_response

from bot.deferral import DEFERRED_HEADER, with_body
from bot.replay import too_far_ahead
from bot.response_urls import shown

log = logging.getLogger("leads.bot.endpoint")
bp = Blueprint("slack", __name__)

TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
SIGNATURE_HEADER = "X-Slack-Signature"
JSON, FORM = "application/json", "application/x-www-form-urlencoded"
REPLACED_HEADERS = {DEFERRED_HEADER, "content-type"}


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
    # Bolt parses the raw body again for lazy listeners, by the Content-Type it is given:
    # give it the type we parsed by, so that it reads the body we checked.
    headers = {k: v for k, v in request.headers.items() if k.lower() not in REPLACED_HEADERS}
    headers["Content-Type"] = kind
    bolt_request = with_body(raw, request.query_string.decode("utf-8"), headers, body)
    return to_flask_response(slack.bolt.dispatch(bolt_request))


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
