"""POST /slack/events: verify, parse safely, then hand the request to Bolt.

Bolt parses the body before it checks the signature, so unsigned junk such as
`payload=%7B` would raise inside it (a 500). We check the signature first (401) and
parse ourselves (400 for junk). Our parse also fixes Bolt 1.30 mis-reading a slash
command whose text contains the word "payload".
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from flask import Blueprint, current_app, jsonify, request
from slack_bolt.adapter.flask.handler import to_flask_response

from bot.deferral import DEFERRED_HEADER, with_body

bp = Blueprint("slack", __name__)


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
    try:
        body = parse_body(raw, request.mimetype)
    except MalformedBody:
        return jsonify(error="malformed body"), 400
    headers = {k: v for k, v in request.headers.items() if k.lower() != DEFERRED_HEADER}
    bolt_request = with_body(raw, request.query_string.decode("utf-8"), headers, body)
    return to_flask_response(slack.bolt.dispatch(bolt_request))


def _is_signed(verifier, raw: str) -> bool:
    try:
        return verifier.is_valid_request(raw, dict(request.headers))
    except (ValueError, TypeError):  # e.g. a timestamp header that is not a number
        return False


def parse_body(raw: str, mimetype: str) -> dict:
    try:
        if mimetype == "application/json" or raw.startswith("{"):
            body = json.loads(raw)
        else:
            fields = dict(parse_qsl(raw, keep_blank_values=True))
            body = json.loads(fields["payload"]) if "payload" in fields else fields
    except (ValueError, TypeError):
        raise MalformedBody from None
    if not isinstance(body, dict):
        raise MalformedBody
    return body
