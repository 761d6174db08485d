"""The candidate's withdrawal: GET shows what will be erased, POST (with CSRF) erases it.

Only the first name is shown, and only before erasure; a tampered or unknown token is a
404, and a second use says the application was already withdrawn.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from config import current_settings
from db import get_db
from db.models import Lead
from service.erasure import Reason, erase_and_flush
from service.withdrawal import lead_for
from web import csrf

bp = Blueprint("withdraw", __name__)


def _lead(token: str) -> Lead:
    lead_id = lead_for(current_settings().secret_key, token)
    if lead_id is None:
        abort(404)
    with get_db().reads() as session:
        lead = session.get(Lead, lead_id)
    if lead is None:
        abort(404)
    return lead


@bp.get("/withdraw/<token>")
def confirm(token: str):
    lead = _lead(token)
    if lead.erased_at is not None:
        return render_template("withdrawn.html", already=True)
    return render_template("withdraw.html", first_name=lead.first_name, token=token)


@bp.post("/withdraw/<token>")
def withdraw(token: str):
    csrf.verify()
    lead = _lead(token)
    result = erase_and_flush(
        get_db().sessions, lead.id, reason=Reason.APPLICANT, actor=None, settings=current_settings()
    )
    return render_template("withdrawn.html", already=not result.erased)
