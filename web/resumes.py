"""Resume downloads, the only way a resume file leaves the app.

`GET /resumes/<token>` (the link Slack shows) checks the token, sets a one-minute grant
cookie scoped to one download URL and answers 303 to `/resumes/download/<lead>/<resume>`.
That URL carries no secret, so what the browser's download list, the file's "where
from" metadata and the next log line record is worth nothing to a reader; the token's
own request line is redacted from the server logs (web/log_redaction.py).
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState

from config import current_settings
from db import get_db
from service.resume_links import (
    GRANT_MAX_AGE_SECONDS,
    LINK_LIFETIME,
    LinkExpired,
    LinkInvalid,
    ResumeRef,
    grant_allows,
    make_grant,
    read_token,
)
from service.resumes import attachment_name, resume_with_lead
from web import log_redaction

log = logging.getLogger("leads.resumes")
bp = Blueprint("resumes", __name__)
GRANT_COOKIE = "leads_resume_grant"
NO_STORE = {"Cache-Control": "private, no-store"}


@bp.record_once
def _redact_tokens_in_logs(state: BlueprintSetupState) -> None:
    log_redaction.install(state.app.logger.name)


@bp.get("/resumes/<token>")
def open_link(token: str):
    try:
        ref = read_token(current_settings().secret_key, token)
    except LinkExpired:
        return (
            render_template(
                "error.html",
                title="This link has expired",
                message=f"Resume links work for {LINK_LIFETIME}. Click "
                "“Resume” on the lead in Slack for a new one.",
            ),
            410,
            NO_STORE,
        )
    except LinkInvalid:
        abort(404)
    with get_db().reads() as session:
        if resume_with_lead(session, ref.lead_id, ref.resume_id) is None:
            abort(404)
    response = redirect(_download_path(ref), code=303)
    response.headers.update(NO_STORE)
    grant = make_grant(current_settings().secret_key, ref)
    response.set_cookie(GRANT_COOKIE, grant, max_age=GRANT_MAX_AGE_SECONDS, **_grant_scope(ref))
    return response


@bp.get("/resumes/download/<int:lead_id>/<int:resume_id>")
def download(lead_id: int, resume_id: int):
    ref = ResumeRef(lead_id=lead_id, resume_id=resume_id)
    if not grant_allows(current_settings().secret_key, request.cookies.get(GRANT_COOKIE), ref):
        return (
            render_template(
                "error.html",
                title="Open the resume from Slack",
                message="This download works only right after clicking a resume link in Slack. "
                "Click “Resume” on the lead in Slack for a new link.",
            ),
            403,
            NO_STORE,
        )
    with get_db().reads() as session:
        found = resume_with_lead(session, lead_id, resume_id)
    if found is None:
        abort(404)
    resume, lead = found
    log.info("resume=%s of lead=%s downloaded", resume.id, lead.id)
    response = Response(
        resume.data,
        mimetype=resume.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{attachment_name(lead, resume)}"',
            "X-Content-Type-Options": "nosniff",
            **NO_STORE,
        },
    )
    # The grant has done its work; the link in Slack gives a new one.
    response.delete_cookie(GRANT_COOKIE, **_grant_scope(ref))
    return response


def _download_path(ref: ResumeRef) -> str:
    return url_for("resumes.download", lead_id=ref.lead_id, resume_id=ref.resume_id)


def _grant_scope(ref: ResumeRef) -> dict:
    """Where and how the grant cookie lives (setting and clearing must match)."""
    return {
        # The browser sends it to this one download URL only.
        "path": _download_path(ref),
        "httponly": True,
        # Lax, not Strict: the click comes from Slack, another site, and a Strict cookie
        # set on that navigation would not come back with the redirect.
        "samesite": "Lax",
        "secure": current_settings().secure_cookies,
    }
