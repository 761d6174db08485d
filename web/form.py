"""The public application form: GET / shows it, POST / takes an application.

Whatever goes wrong, the prospect gets the form back with what they typed, their resume
kept (web/form_input.py, web/pending.py), a fresh token, and an error summary that
says what to fix; only a post from another site gets the plain error page.
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Flask,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter import Limiter
from sqlalchemy.exc import SQLAlchemyError

from config import current_settings
from db import get_db
from service import counters
from service.application import too_large_message
from service.sizes import size_label
from service.submit import submit_application
from web import csrf, form_input, pending, uploads
from web.client_key import client_key

log = logging.getLogger("leads.form")
bp = Blueprint("form", __name__)

# Not rendered (CSS), out of the tab order and the accessibility tree; bots that fill
# every field fill this one too. Its name and label must not look like anything a browser
# or password manager autofills ("website", "company", "phone", "name", ...): an autofilled
# honeypot silently drops a real applicant.
HONEYPOT = "leave_blank"
NOT_SAVED = (
    "We could not save your application just now. Please try again in a minute; nothing was sent."
)


@bp.get("/")
def index():
    return render_template("form.html", values={}, errors={}, kept=None)


@bp.context_processor
def _form_context() -> dict:
    limit = current_settings().resume_max_bytes
    return {
        "resume_max_label": size_label(limit),
        "resume_max_bytes": limit,
        "too_large_message": too_large_message(limit),
        "honeypot": HONEYPOT,
    }


@bp.before_request
def _form_body_limit() -> None:
    if request.method == "POST" and request.endpoint == "form.submit":
        uploads.allow_form_body(request)


@bp.after_request
def _never_stored(response):
    # Back or a reload must fetch the page again (a fresh token), and the thank-you page
    # names the applicant's address: no cache may keep either.
    response.headers["Cache-Control"] = "no-store"
    return pending.set_cookie(response)


@bp.post("/")
def submit():
    stale = csrf.problem()
    if stale and not csrf.same_origin():
        raise csrf.CSRFError(stale)
    if _honeypot_filled():
        _count_honeypot()
        return redirect(url_for("form.thanks"), code=303)
    attempt = _read()
    if attempt is None:
        return _not_saved()
    if stale:
        log.info("CSRF check failed (%s) on our own page: form given back", stale)
        attempt.errors["form"] = form_input.stale_message(stale)
    if attempt.errors:
        return again(attempt, 413 if attempt.too_large else 400)
    try:
        with get_db().sessions.begin() as db_session:
            submitted = submit_application(
                db_session, attempt.application, attorney_email=current_settings().attorney_email
            )
            pending.discard(db_session)
    except SQLAlchemyError as exc:
        # Not the traceback: SQLAlchemy's message quotes the statement's parameters,
        # which are the applicant's name and address.
        log.error("could not store an application: %s", type(exc).__name__)
        attempt.errors["form"] = NOT_SAVED
        return again(attempt, 503)
    # The worker (worker/, wired in by the app factory) delivers now, not at its next poll.
    current_app.extensions["worker"].wake()
    log.info(
        "lead=%s resume=%s stored (applied_again=%s)",
        submitted.lead_id,
        submitted.resume_id,
        submitted.applied_again,
    )
    # Shown once by the thank-you page (the applicant's own data, in their own signed cookie).
    application = attempt.application
    session["sent"] = {"filename": application.resume.safe_filename, "email": application.email}
    return redirect(url_for("form.thanks"), code=303)


def again(attempt: form_input.Attempt, status: int):
    """The form once more, with what was typed, the resume kept and what to fix."""
    # Also after a failed insert (503): a kept file's id needs no database, and keeping a
    # new file may still work (if not, the form says to choose it again).
    kept = form_input.keep_resume(attempt)
    errors = form_input.ordered(attempt.errors)
    return render_template("form.html", values=attempt.values, errors=errors, kept=kept), status


def _read() -> form_input.Attempt | None:
    try:
        return form_input.read()
    except SQLAlchemyError as exc:
        log.error("could not read a kept resume: %s", type(exc).__name__)
        return None


def _not_saved():
    """The kept resume could not be read: what was typed and the kept file's id go back."""
    values, kept = form_input.text_values(), pending.posted()
    errors = {"form": NOT_SAVED}
    return render_template("form.html", values=values, errors=errors, kept=kept), 503


@bp.get("/thanks")
def thanks():
    return render_template("thanks.html", sent=session.pop("sent", None))


def _honeypot_filled() -> bool:
    # Whitespace counts as empty: a stray space from an autofill or a keyboard
    # extension must not cost a real application, and a bot writes words or links.
    return bool(request.form.get(HONEYPOT, "").strip())


def _count_honeypot() -> None:
    """Count the caught post where every process sees it (/healthz); store nothing else."""
    try:
        with get_db().sessions.begin() as db_session:
            total = counters.increment(db_session, counters.HONEYPOT_CAUGHT)
    except SQLAlchemyError as exc:
        log.warning("honeypot filled; could not count it: %s", type(exc).__name__)
        return
    # No address, name or field value: the post may be a person's, and it is not kept.
    log.info("honeypot filled; application dropped (%s caught so far)", total)


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
    app.extensions["form_limiter"] = limiter
    return limiter
