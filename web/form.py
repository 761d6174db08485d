"""The public application form: GET / shows it, POST / takes an application."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for
from flask_limiter import Limiter
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from config import current_settings
from db import get_db
from service import counters
from service.application import Application
from service.sizes import size_label
from service.submit import submit_application
from web import csrf
from web.client_key import client_key

log = logging.getLogger("leads.form")
bp = Blueprint("form", __name__)

FIELDS = ("first_name", "last_name", "email")
# Not rendered (CSS), out of the tab order and the accessibility tree; bots that fill
# every field fill this one too. Its name and label must not look like anything a browser
# or password manager autofills ("website", "company", "phone", "name", ...): an autofilled
# honeypot silently drops a real applicant.
HONEYPOT = "leave_blank"


@bp.get("/")
def index():
    return render_template("form.html", values={}, errors={})


@bp.context_processor
def _form_context() -> dict:
    return {
        "resume_max_label": size_label(current_settings().resume_max_bytes),
        "honeypot": HONEYPOT,
    }


@bp.post("/")
def submit():
    csrf.verify()
    values = {name: request.form.get(name, "") for name in FIELDS}
    if _honeypot_filled():
        _count_honeypot()
        return redirect(url_for("form.thanks"), code=303)
    try:
        application = Application(**values, resume=_resume_from_request())
    except ValidationError as exc:
        return render_template("form.html", values=values, errors=_field_errors(exc)), 400
    settings = current_settings()
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
    # The worker (worker/, wired in by the app factory) delivers now, not at its next poll.
    current_app.extensions["worker"].wake()
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


def _honeypot_filled() -> bool:
    # Whitespace counts as empty: a stray space from an autofill or a keyboard
    # extension must not cost a real application, and a bot writes words or links.
    return bool(request.form.get(HONEYPOT, "").strip())


def _count_honeypot() -> None:
    """Count the caught post where every process sees it (/healthz); store nothing else."""
    try:
        with get_db().sessions.begin() as session:
            total = counters.increment(session, counters.HONEYPOT_CAUGHT)
    except SQLAlchemyError as exc:
        log.warning("honeypot filled; could not count it: %s", type(exc).__name__)
        return
    # No address, name or field value: the post may be a person's, and it is not kept.
    log.info("honeypot filled; application dropped (%s caught so far)", total)


def _resume_from_request() -> dict | None:
    upload = request.files.get("resume")
    if upload is None or (not upload.filename and not upload.content_length):
        return None
    limit = current_settings().resume_max_bytes
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
    """Rate-limit posting the form per client (FORM_RATE_LIMIT): an IPv4 address or an
    IPv6 /64, see web/client_key.py."""
    settings = current_settings(app)
    limiter = Limiter(
        client_key,
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
