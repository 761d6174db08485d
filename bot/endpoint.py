"""POST /slack/events: verify, refuse what must not run, parse safely, then hand to Bolt.

First, Slack's SSL check: when a request URL is saved, and now and then after, Slack posts
`ssl_check=1` (and a `token`) with no signature headers, to see that the certificate is
good; anything but a 200 marks the URL broken. That request alone is answered before the
signature is checked: a form of those two fields and nothing else, which runs nothing.

Then, in order: the signature and a timestamp neither older than 5 minutes nor more than
a minute ahead (401); the body is parsed by us (400 for junk; Bolt parses before it checks
the signature, so unsigned junk such as `payload=%7B` would be a 500 inside it, and Bolt
1.30 mis-reads a slash command whose text contains the word "payload"); the checks every
Slack request passes however it came (bot/inbound.py): a signed request seen before is a
replay, acknowledged empty and dropped, and so is an event handled once already; a
response URL that is not Slack's is refused (400). Only then does Bolt see the request,
as bot/inbound.py builds it.

The Events API's `url_verification` (sent when the request URL is saved) is answered
with its `challenge` once the signature is checked: it does no work, so Bolt need not see it.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from flask import Blueprint, current_app, jsonify, request
from slack_bolt.adapter.flask.handler import to_flask_response

from bot import replay
from bot.inbound import EVENT_CALLBACK, RETRY_HEADERS, admit, bolt_request

bp = Blueprint("slack", __name__)

TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
SIGNATURE_HEADER = "X-Slack-Signature"
JSON, FORM = "application/json", "application/x-www-form-urlencoded"
# Bolt's SslCheck middleware answers the same request: `ssl_check` "1" in a form body.
SSL_CHECK_FIELDS = {"ssl_check", "token"}
URL_VERIFICATION = "url_verification"


class MalformedBody(ValueError):
    pass


@bp.post("/slack/events")
def events():
    raw = request.get_data(cache=True, as_text=True)
    if is_ssl_check(raw, request.mimetype):
        return "", 200
    slack = current_app.extensions.get("slack")
    if slack is None:
        return jsonify(error="Slack is not configured on this server"), 503
    if slack.verifier is None:
        return jsonify(error="Slack over HTTP needs SLACK_SIGNING_SECRET on this server"), 503
    if not _is_signed(slack.verifier, raw):
        return jsonify(error="invalid signature"), 401
    try:
        body = parse_body(raw, body_type(raw, request.mimetype))
    except MalformedBody:
        return jsonify(error="malformed body"), 400
    if body.get("type") == URL_VERIFICATION:
        return url_verification(body)
    signed = replay.signed_request(
        request.headers[TIMESTAMP_HEADER], request.headers[SIGNATURE_HEADER]
    )
    if refusal := admit(slack, signed, body):
        return (jsonify(error=refusal.error) if refusal.error else ""), refusal.status
    retry = {name: request.headers[name] for name in RETRY_HEADERS if name in request.headers}
    bolt = bolt_request(body, retry, query=request.query_string.decode("utf-8"))
    response = slack.bolt.dispatch(bolt)
    if response.status == 404 and body.get("type") == EVENT_CALLBACK:
        # An event no listener wants (one subscribed later, say): a 404 would only make
        # Slack send it again, and in the end turn the subscription off.
        return "", 200
    return to_flask_response(response)


def url_verification(body: dict):
    challenge = body.get("challenge")
    if not isinstance(challenge, str) or not challenge:
        return jsonify(error="url_verification without a challenge"), 400
    return jsonify(challenge=challenge)


def is_ssl_check(raw: str, mimetype: str) -> bool:
    """Slack's unsigned certificate check, and only that: `ssl_check=1`, perhaps a token."""
    if body_type(raw, mimetype) != FORM:
        return False
    fields = parse_qsl(raw, keep_blank_values=True)
    names = [name for name, _ in fields]
    return (
        len(names) == len(set(names))
        and set(names) <= SSL_CHECK_FIELDS
        and dict(fields).get("ssl_check") == "1"
    )


def _is_signed(verifier, raw: str) -> bool:
    try:
        return verifier.is_valid_request(raw, dict(request.headers)) and not replay.too_far_ahead(
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
