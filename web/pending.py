"""The browser's side of pending uploads (service/pending_uploads.py): a secret cookie
that binds a kept resume to the browser it came from.

The cookie holds a random secret (the database keeps only its SHA-256); the form carries
the upload's id in a hidden field. A kept file is used only when both match, so an id
copied from a page is of no use in another browser.
"""

from __future__ import annotations

import logging
import secrets

from flask import Response, g, request
from sqlalchemy.exc import SQLAlchemyError

from config import current_settings
from db import get_db
from service import pending_uploads
from service.application import ResumeUpload
from web.client_key import client_key

log = logging.getLogger("leads.form")
COOKIE = "leads_upload"
FIELD = "pending_upload"


def _secret(create: bool) -> str | None:
    secret = request.cookies.get(COOKIE)
    if not secret and create:
        secret = secrets.token_urlsafe(32)
    return secret


def keep(resume: ResumeUpload) -> pending_uploads.Kept | None:
    """Keep a valid resume for this browser; None past a cap or when the database fails."""
    secret = _secret(create=True)
    try:
        with get_db().sessions.begin() as session:
            kept = pending_uploads.keep(
                session,
                browser_secret=secret,
                client_key=client_key(),
                filename=resume.safe_filename,
                data=resume.data,
            )
    except SQLAlchemyError as exc:
        log.warning("could not keep a pending upload: %s", type(exc).__name__)
        return None
    if kept is not None:
        g.pending_upload_secret = secret  # (re)set the cookie: it lives as long as the file
    return kept


def posted() -> dict | None:
    """The kept resume this post names, as the form shows it, without asking the database
    (a page answered while the database is out of reach or the post is rate-limited):
    the id goes back in the form, to be checked when the form is sent again."""
    upload_id = request.form.get(FIELD, "")[:64]
    if not upload_id or not request.cookies.get(COOKIE):
        return None
    return {"id": upload_id, "filename": None}


def find() -> tuple[str, dict | None]:
    """(the posted id, the kept resume as Application's `resume` input or None)."""
    upload_id = request.form.get(FIELD, "")[:64]
    secret = _secret(create=False)
    if not upload_id or not secret:
        return upload_id, None
    with get_db().reads() as session:
        row = pending_uploads.find(session, upload_id, secret)
        if row is None:
            return upload_id, None
        limit = current_settings().resume_max_bytes
        return upload_id, {"filename": row.filename, "data": row.data, "max_bytes": limit}


def set_cookie(response: Response) -> Response:
    secret = g.get("pending_upload_secret")
    if secret:
        response.set_cookie(
            COOKIE,
            secret,
            max_age=int(pending_uploads.LIFETIME.total_seconds()),
            httponly=True,
            samesite="Lax",
            secure=current_settings().secure_cookies,
        )
    return response


def discard(session) -> None:
    """In the transaction that stores the application: this browser's kept file goes."""
    secret = _secret(create=False)
    if secret:
        pending_uploads.discard(session, secret)
