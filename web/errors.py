"""Friendly pages for the errors a person can hit: bad form, too large, too fast."""

from __future__ import annotations

import logging
from typing import IO

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wsgi import LimitedStream

from config import current_settings
from service.sizes import size_label
from web.csrf import CSRFError

log = logging.getLogger("leads.web")

# Read and discard at most this much of an oversized upload so that the client gets
# our 413 page instead of a reset connection; beyond it, closing is the lesser harm.
DRAIN_LIMIT = 64 * 1024 * 1024


def _csrf_error(error: CSRFError):
    log.info("CSRF check failed (%s) from %s", error.reason, request.remote_addr)
    return render_template(
        "error.html", title="Please reload the page", message=error.description, reload=True
    ), 400


def _too_large(error: RequestEntityTooLarge):
    _drain_body()
    return render_template(
        "error.html",
        title="That file is too large",
        message=f"Please go back and choose a resume under {_max_label()}.",
        reload=True,
    ), 413


def _too_many(error: HTTPException):
    return render_template(
        "error.html",
        title="Too many attempts",
        message="You have sent this form many times in a short while. "
        "Please wait a minute and try again.",
    ), 429


def _http_error(error: HTTPException):
    return render_template("error.html", title=error.name, message=error.description), error.code


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
    for code in (400, 403, 404, 405, 410):
        app.register_error_handler(code, _http_error)
