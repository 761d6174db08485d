"""GET /resumes/<token>: the only way a resume file leaves the app."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, render_template

from db import get_db
from service.resumes import attachment_name, resume_with_lead
from web.resume_links import LinkExpired, LinkInvalid, read_token

log = logging.getLogger("leads.resumes")
bp = Blueprint("resumes", __name__)


@bp.get("/resumes/<token>")
def download(token: str):
    try:
        ref = read_token(current_app.config["SECRET_KEY"], token)
    except LinkExpired:
        return render_template(
            "error.html",
            title="This link has expired",
            message="Resume links work for 15 minutes. Click "
            "“Resume” on the lead in Slack for a new one.",
        ), 410
    except LinkInvalid:
        abort(404)
    with get_db().reads() as session:
        found = resume_with_lead(session, ref.lead_id, ref.resume_id)
    if found is None:
        abort(404)
    resume, lead = found
    log.info("resume=%s of lead=%s downloaded", resume.id, lead.id)
    return Response(
        resume.data,
        mimetype=resume.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{attachment_name(lead, resume)}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
