"""Slack's rules for acknowledging a Socket Mode envelope: `{"envelope_id": …}` for an
envelope sent and not yet acknowledged, within 3 seconds, with a `payload` only where
`accepts_response_payload` is true; a slash command's payload is the message Slack shows,
checked like any message (``payloads``)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .payloads import content_problem

ACK_WITHIN = 3.0  # seconds: Slack's limit for an acknowledgement


@dataclass
class Envelope:
    envelope_id: str
    type: str
    accepts_response_payload: bool
    sent_at: float
    ack: dict | None = None


def ack_problem(envelopes: dict[str, Envelope], ack: object) -> str | None:
    """What is wrong with `ack`, or None if Slack would take it."""
    if not isinstance(ack, dict) or not isinstance(ack.get("envelope_id"), str):
        return f"not an acknowledgement: {ack!r}"[:200]
    envelope = envelopes.get(ack["envelope_id"])
    if envelope is None:
        return f"an ack for an envelope never sent: {ack['envelope_id']}"
    if envelope.ack is not None:
        return f"a second ack for {envelope.envelope_id}"
    if time.monotonic() - envelope.sent_at > ACK_WITHIN:
        return f"ack for {envelope.envelope_id} after {ACK_WITHIN} s"
    if "payload" not in ack:
        return None
    if not envelope.accepts_response_payload:
        return f"a payload in the ack of {envelope.type} {envelope.envelope_id}"
    refused = content_problem(ack["payload"]) if envelope.type == "slash_commands" else None
    return f"ack payload refused: {refused}" if refused else None
