"""GET /resumes/<token>: the only way a resume file leaves the app."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, render_template
from sqlalchemy import select
from sqlalchemy.orm import undefer

from db import get_db
from db.models import Lead, Resume
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
    with get_db().sessions() as session:
        row = session.execute(
            select(Resume, Lead)
            .join(Lead, Resume.lead_id == Lead.id)
            .where(Resume.id == ref.resume_id, Resume.lead_id == ref.lead_id)
            .options(undefer(Resume.data))
        ).first()
    if row is None:
        abort(404)
    resume, lead = row
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


def attachment_name(lead: Lead, resume: Resume) -> str:
    """A download name built from the detected type, never from the uploaded name."""
    stem = "".join(
        ch
        for ch in f"{lead.first_name}-{lead.last_name}"
        if ch.isascii() and (ch.isalnum() or ch == "-")
    )
    return f"resume-{stem or lead.id}.{resume.kind}"
