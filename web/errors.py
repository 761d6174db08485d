"""Pages for the errors a person can hit (400, 404, 410, 413, 429, 500, 503), in the
form's look, each with a way back to the form; a rate-limited post gets the form itself
back with what was typed."""

from __future__ import annotations

import logging
import time
from typing import IO

from flask import Flask, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wsgi import LimitedStream

from config import current_settings
from service.sizes import size_label
from web import form_input, pending
from web.csrf import CSRFError

log = logging.getLogger("leads.web")

# Read and discard at most this much of an oversized upload so that the client gets
# our 413 page instead of a reset connection; beyond it, closing is the lesser harm.
DRAIN_LIMIT = 64 * 1024 * 1024
WITHDRAW_STALE = (
    "The page was open for a long time, so nothing was done. Open it again and press "
    "the button to withdraw your application."
)


def page(title: str, message: str, status: int, *, detail: str | None = None, back=None):
    """An error page in the form's look, with a way back (the form, unless `back` is a
    (url, label) pair)."""
    back_url, back_label = back or (url_for("form.index"), "Back to the form")
    html = render_template(
        "error.html",
        title=title,
        message=message,
        detail=detail,
        back_url=back_url,
        back_label=back_label,
    )
    return html, status


def _csrf_error(error: CSRFError):
    log.info("CSRF check failed (%s) from %s", error.reason, request.remote_addr)
    if request.endpoint == "withdraw.withdraw":
        # The withdrawal page itself, with a fresh token: one press away from done.
        back = (request.path, "Back to the withdrawal page")
        return page("Please press the button again", WITHDRAW_STALE, 400, back=back)
    return page("Please open the form again", error.description, 400)


def _too_large(error: RequestEntityTooLarge):
    _drain_body()
    return page(
        "Your application could not be sent",
        f"What was sent is larger than this form takes: a resume of up to {_max_label()}, "
        "as a PDF or Word file. Please open the form and choose a smaller file.",
        413,
    )


def _too_many(error: HTTPException):
    wait = _retry_words()
    message = (
        "The form is receiving many applications from your network just now, so it is "
        f"pausing for a moment. Nothing was sent. Please send it again in {wait}."
    )
    values = _typed_values() if request.endpoint == "form.submit" else None
    if values is not None:
        # What was typed comes back, and a resume kept earlier stays attached (its id needs
        # no database); a new file is not kept for a post that was not served.
        errors, kept = {"form": message}, pending.posted()
        page_html = render_template("form.html", values=values, errors=errors, kept=kept)
        return page_html, 429
    return page("Please wait a moment", message, 429)


def _typed_values() -> dict[str, str] | None:
    try:
        return form_input.text_values()
    except HTTPException:  # a body too large to read under the app's own limit
        _drain_body()
        return None


def _retry_words() -> str:
    limiter = current_app.extensions.get("form_limiter")
    current = limiter.current_limit if limiter is not None else None
    seconds = max(1, int(current.reset_at - time.time())) if current else 60
    if seconds <= 90:
        return "a minute" if seconds > 45 else f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"


def _not_found(error: HTTPException):
    return page("Page not found", "There is nothing at this address.", 404)


def _server_error(error: HTTPException):
    title = (
        "Sorry, this is not available just now"
        if error.code == 503
        else "Sorry, something went wrong on our side"
    )
    message = "Please try again in a few minutes."
    return page(title, message, error.code or 500, detail=_ask_detail())


def _ask_detail() -> str | None:
    contact = current_settings().contact_email
    return f"If it keeps happening, write to {contact}." if contact else None


def _http_error(error: HTTPException):
    return page(error.name, error.description or "", error.code or 400)


def _drain_body() -> None:
    """Read what is left of the body, so that the client gets the 413 page, not a reset."""
    length = request.content_length
    if length is not None and length > DRAIN_LIMIT:
        return
    stream = _rest_of_body()
    drained = 0
    try:
        while stream is not None and drained < DRAIN_LIMIT:
            chunk = stream.read(65536)
            if not chunk:
                break
            drained += len(chunk)
    except Exception as exc:  # noqa: BLE001 - a client gone or a malformed chunk ends the
        # draining, never the 413 page
        log.debug("stopped draining an oversized body: %s", exc)


def _rest_of_body() -> IO[bytes] | None:
    # The form parser may have stopped anywhere in the body (too many parts, a field too
    # long). Reading the raw socket for Content-Length bytes would wait for bytes that were
    # already read and that the client will never send again: `flask run` hung there.
    environ = request.environ
    if environ.get("wsgi.input_terminated"):
        # The server ends this stream where the body ends (gunicorn; chunked bodies).
        return environ["wsgi.input"]
    if not request.content_length:
        return None
    try:
        # The stream the form parser read: it stops at Content-Length, wherever it is now.
        return request.stream
    except RequestEntityTooLarge:
        # Content-Length alone was over the limit, so nothing has been read yet.
        return LimitedStream(environ["wsgi.input"], request.content_length)


def _max_label() -> str:
    return size_label(current_settings().resume_max_bytes)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(429, _too_many)
    app.register_error_handler(404, _not_found)
    for code in (500, 503):
        app.register_error_handler(code, _server_error)
    for code in (400, 403, 405, 410):
        app.register_error_handler(code, _http_error)
