"""Friendly pages for the errors a person can hit: bad form, too large, too fast."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from service.application import size_label
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
    length = request.content_length or 0
    if length > DRAIN_LIMIT:
        return
    stream = request.environ.get("wsgi.input")
    remaining = length
    while stream is not None and remaining > 0:
        chunk = stream.read(min(65536, remaining))
        if not chunk:
            break
        remaining -= len(chunk)


def _max_label() -> str:
    from flask import current_app

    return size_label(current_app.extensions["settings"].resume_max_bytes)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(429, _too_many)
    for code in (400, 403, 404, 405, 410):
        app.register_error_handler(code, _http_error)
