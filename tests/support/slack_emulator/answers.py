"""What the emulator sends back: an Answer (status, body, headers, delay) and Slack errors."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUS_ERRORS = {500: "internal_error", 502: "bad_gateway", 503: "service_unavailable"}


@dataclass
class Answer:
    """One HTTP answer; a str body is sent as text, a dict as JSON, after `hang` seconds."""

    status: int = 200
    body: dict | str = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    hang: float = 0.0


def error(code: str) -> dict:
    """Slack's body for a failed call."""
    return {"ok": False, "error": code}


def status_answer(status: int, body: dict | str | None = None) -> Answer:
    """An HTTP error answer; the body defaults to a Slack-style JSON error for `status`."""
    default = error(STATUS_ERRORS.get(status, f"http_{status}"))
    return Answer(status=status, body=default if body is None else body)
