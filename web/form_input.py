"""Reading a post of the form: the typed values, the resume (a new file or the one kept
for this browser), and every problem with them in the order the fields appear.

A valid resume in a post that fails for another reason is kept (web/pending.py), so the
form comes back saying "cv.pdf attached" instead of asking for the file again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import request
from pydantic import ValidationError

from config import current_settings
from service.application import Application, ResumeUpload
from service.pending_uploads import LIFETIME
from web import csrf, pending

FIELDS = ("first_name", "last_name", "email")
ORDER = ("form", *FIELDS, "resume")
STALE_PAGE = "This page was open for a while. Please check your details and send again."
NO_COOKIES = (
    "Your browser did not send back the cookie this form needs, so nothing was sent. "
    "Please allow cookies for this site, then send again."
)
LOST_FILE = (
    f"We keep a file for {int(LIFETIME.total_seconds() // 60)} minutes and that time has "
    "passed. Please choose your resume again."
)
NOT_KEPT = "Please choose your resume again: we could not keep the file you chose."


@dataclass
class Attempt:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    application: Application | None = None
    resume: ResumeUpload | None = None  # a valid resume, new or kept
    kept_id: str | None = None  # the pending upload the resume came from
    too_large: bool = False


def text_values() -> dict[str, str]:
    return {name: request.form.get(name, "") for name in FIELDS}


def read() -> Attempt:
    attempt = Attempt(values=text_values())
    upload, posted_id = _new_upload(), ""
    if upload is None:
        posted_id, upload = pending.find()
        attempt.kept_id = posted_id if upload else None
    try:
        attempt.application = Application(**attempt.values, resume=upload)
    except ValidationError as exc:
        attempt.errors = field_errors(exc)
    if upload is not None and "resume" not in attempt.errors:
        attempt.resume = ResumeUpload(**upload)
    elif upload is not None and not attempt.kept_id:
        _keep_earlier(attempt)
    if upload is None and posted_id:
        attempt.errors["resume"] = LOST_FILE
    attempt.too_large = bool(upload) and len(upload["data"]) > upload["max_bytes"]
    return attempt


def _keep_earlier(attempt: Attempt) -> None:
    """A new file was refused (wrong type, too large): the resume kept before stays
    attached, so a wrong choice does not cost the right one."""
    posted_id, kept = pending.find()
    if kept is not None:
        attempt.kept_id, attempt.resume = posted_id, ResumeUpload(**kept)


def stale_message(reason: str) -> str:
    """What the form says when its token did not pass (web/csrf.py's reason)."""
    return NO_COOKIES if reason == csrf.NO_COOKIE else STALE_PAGE


def keep_resume(attempt: Attempt) -> dict | None:
    """What the re-rendered form shows of the resume: the kept file, or None."""
    resume = attempt.resume
    if resume is None:
        return None
    if attempt.kept_id:
        return {"id": attempt.kept_id, "filename": resume.safe_filename}
    kept = pending.keep(resume)
    if kept is None:
        attempt.errors.setdefault("resume", NOT_KEPT)
        return None
    return {"id": kept.id, "filename": kept.filename}


def ordered(errors: dict[str, str]) -> dict[str, str]:
    return {name: errors[name] for name in ORDER if name in errors} | errors


def _new_upload() -> dict | None:
    upload = request.files.get("resume")
    if upload is None or (not upload.filename and not upload.content_length):
        return None
    limit = current_settings().resume_max_bytes
    # One byte past the limit is enough to say "too large" (web/uploads.py keeps no more).
    data = upload.stream.read(limit + 1)
    if not data and not upload.filename:
        return None
    return {"filename": upload.filename or "", "data": data, "max_bytes": limit}


def field_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "form"
        cause = error.get("ctx", {}).get("error")
        errors.setdefault(name, str(cause) if cause else "Please check this field.")
    return errors
