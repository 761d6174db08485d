"""Pending uploads cannot be used as storage: capped per browser, per client and in
total, expired after LIFETIME, swept by the idle worker, erased with a lead's resume."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.models import Lead, PendingUpload
from db.types import utcnow
from service import pending_uploads
from service.erasure import Reason, erase_lead
from tests.support.files import pdf_bytes
from tests.support.form import post_application
from worker.pending_sweep import PendingSweep

PDF = pdf_bytes(2000)


def keep(session, browser="b1", client="192.0.2.1", data=PDF, now=None):
    return pending_uploads.keep(
        session, browser_secret=browser, client_key=client, filename="cv.pdf", data=data, now=now
    )


def rows(app) -> int:
    with app.extensions["db"].sessions() as session:
        return session.scalar(select(func.count()).select_from(PendingUpload))


def test_one_per_browser(app):
    with app.extensions["db"].sessions.begin() as session:
        first = keep(session)
        second = keep(session)
        assert pending_uploads.find(session, first.id, "b1") is None
        assert pending_uploads.find(session, second.id, "b1").data == PDF
        assert pending_uploads.find(session, second.id, "another browser") is None
    assert rows(app) == 1


def test_per_client_cap(app):
    with app.extensions["db"].sessions.begin() as session:
        kept = [keep(session, browser=f"b{n}") for n in range(pending_uploads.PER_CLIENT + 1)]
        assert all(kept[:-1]) and kept[-1] is None
        assert keep(session, browser="elsewhere", client="198.51.100.7") is not None


def test_total_cap(app, monkeypatch):
    monkeypatch.setattr(pending_uploads, "TOTAL_BYTES", len(PDF) * 2)
    with app.extensions["db"].sessions.begin() as session:
        assert keep(session, browser="a", client="c1") is not None
        assert keep(session, browser="b", client="c2") is not None
        assert keep(session, browser="c", client="c3") is None


def test_expired_ones_are_unusable_then_swept(app):
    start = utcnow() - pending_uploads.LIFETIME - timedelta(seconds=1)
    with app.extensions["db"].sessions.begin() as session:
        old = keep(session, browser="old", now=start)
        young = keep(session, browser="young")
        assert pending_uploads.find(session, old.id, "old") is None
        # An expired one does not count against the caps either.
        assert session.scalar(select(func.count()).select_from(PendingUpload)) == 2
    PendingSweep(app)()
    with app.extensions["db"].sessions() as session:
        assert session.scalars(select(PendingUpload.id)).all() == [young.id]


def test_the_worker_sweeps_when_idle(app):
    with app.extensions["db"].sessions.begin() as session:
        keep(session, now=utcnow() - timedelta(hours=2))
    for task in app.extensions["worker"].idle_tasks:  # what the worker runs when idle
        task()
    assert rows(app) == 0


@pytest.mark.parametrize("same_file", [True, False])
def test_erasing_a_lead_erases_a_pending_copy_of_its_resume(app, client, same_file):
    post_application(client, resume=(PDF, "cv.pdf"))
    with app.extensions["db"].sessions.begin() as session:
        keep(session, data=PDF if same_file else pdf_bytes(3000))
    with app.extensions["db"].sessions.begin() as session:
        lead_id = session.scalar(select(Lead.id))
        erase_lead(session, lead_id, reason=Reason.OPERATOR)
    assert rows(app) == (0 if same_file else 1)
