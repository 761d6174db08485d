"""The public application form: GET / shows it, POST / takes an application."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from db import get_db
from service.application import Application
from service.submit import submit_application
from web import csrf
from worker import get_worker

log = logging.getLogger("leads.form")
bp = Blueprint("form", __name__)

FIELDS = ("first_name", "last_name", "email")
# Hidden from people by CSS; bots that fill every field fill this one too.
HONEYPOT = "website"


@bp.get("/")
def index():
    return render_template("form.html", values={}, errors={})


@bp.context_processor
def _form_context() -> dict:
    return {"resume_max_label": current_app.extensions["settings"].resume_max_label}


@bp.post("/")
def submit():
    csrf.verify()
    values = {name: request.form.get(name, "") for name in FIELDS}
    if request.form.get(HONEYPOT):
        log.info("honeypot filled from %s; nothing stored", request.remote_addr)
        return redirect(url_for("form.thanks"), code=303)
    try:
        application = Application(**values, resume=_resume_from_request())
    except ValidationError as exc:
        return render_template("form.html", values=values, errors=_field_errors(exc)), 400
    settings = current_app.extensions["settings"]
    try:
        with get_db().sessions.begin() as session:
            submitted = submit_application(
                session, application, attorney_email=settings.attorney_email
            )
    except SQLAlchemyError as exc:
        # Not the traceback: SQLAlchemy's message quotes the statement's parameters,
        # which are the applicant's name and address.
        log.error("could not store an application: %s", type(exc).__name__)
        errors = {
            "form": "We could not save your application just now. Please try again in a "
            "minute; nothing was sent."
        }
        return render_template("form.html", values=values, errors=errors), 503
    get_worker().wake()
    log.info(
        "lead=%s resume=%s stored (applied_again=%s)",
        submitted.lead_id,
        submitted.resume_id,
        submitted.applied_again,
    )
    return redirect(url_for("form.thanks"), code=303)


@bp.get("/thanks")
def thanks():
    return render_template("thanks.html")


def _resume_from_request() -> dict | None:
    upload = request.files.get("resume")
    if upload is None or (not upload.filename and not upload.content_length):
        return None
    limit = current_app.extensions["settings"].resume_max_bytes
    # One byte past the limit is enough to say "too large" without holding more.
    data = upload.stream.read(limit + 1)
    return {"filename": upload.filename or "", "data": data, "max_bytes": limit}


def _field_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "form"
        cause = error.get("ctx", {}).get("error")
        errors.setdefault(field, str(cause) if cause else "Please check this field.")
    return errors


def init_app(app: Flask) -> Limiter:
    """Rate-limit posting the form per client address (FORM_RATE_LIMIT)."""
    settings = app.extensions["settings"]
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=settings.ratelimit_storage_uri,
        key_prefix=settings.ratelimit_key_prefix,
        # A prospect never gets an error because the rate-limit store is down: count in
        # this process until it is back.
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        default_limits=[],
        headers_enabled=True,
    )
    limiter.limit(settings.form_rate_limit, methods=["POST"])(bp)
    return limiter
