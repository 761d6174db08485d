"""One address, one decision at a time (service/locks.py): a submission deciding "join the
pending lead or start one" and a click moving that lead never interleave, whichever
comes first. Each test holds the first transaction open, lets the second one run until
it finishes or queues, and only then commits the first.

On PostgreSQL the advisory lock on the address is what makes the second wait: without it
two submissions both find no pending lead and make two, a click lands between a
submission's read and its write. On SQLite no two writers ever overlap: every writing
transaction starts with BEGIN IMMEDIATE (db/engine.py), which queues it behind the open
one before its first read, so `lock_address` has nothing to add there and these tests
pass on SQLite with or without it. What they catch on SQLite is a writer that no longer
begins IMMEDIATE: it reads, then fails ("database is locked") when it tries to write.
"""

from __future__ import annotations

from sqlalchemy import select

from db.models import Lead, LeadEvent, LeadState, Resume
from service.application import Application
from service.states import change_state
from service.submit import submit_application
from tests.support.contender import Contender
from tests.support.files import pdf_bytes
from tests.support.form import post_application


def ada_again(size: int) -> Application:
    """Another resume (its size makes it a different file) under Ada's address."""
    resume = {"filename": f"cv-{size}.pdf", "data": pdf_bytes(size), "max_bytes": 10**7}
    return Application(
        first_name="Ada", last_name="Lovelace", email="ada@example.com", resume=resume
    )


def submit(session, size: int):
    return submit_application(session, ada_again(size), attorney_email=None)


def mark_reached_out(session) -> bool:
    return change_state(session, 1, LeadState.REACHED_OUT, actor="U0MEMBER").changed


def interleave(app, first, second) -> tuple[object, bool]:
    """Run `first` in a transaction, start `second` before it commits; return what the
    second returned and whether it had already finished when the first committed."""
    contender = Contender(app, second)
    with app.extensions["db"].sessions.begin() as session:
        first(session)
        contender.start()
        finished_first = contender.waiting_or_finished()
    return contender.outcome(), finished_first


def resumes_by_lead(app) -> dict[int, int]:
    with app.extensions["db"].sessions() as session:
        leads = session.scalars(select(Lead.id).order_by(Lead.id)).all()
        resumes = session.scalars(select(Resume.lead_id)).all()
    return {lead: resumes.count(lead) for lead in leads}


def test_two_submissions_of_one_address_make_one_lead(app):
    second, finished_first = interleave(app, lambda s: submit(s, 2000), lambda s: submit(s, 3000))
    assert not finished_first, "the second submission did not wait for the first"
    assert second.applied_again and second.lead_id == 1
    assert resumes_by_lead(app) == {1: 2}


def test_a_click_waits_for_a_submission_of_the_same_address(app, client):
    post_application(client)
    changed, finished_first = interleave(app, lambda s: submit(s, 4000), mark_reached_out)
    assert not finished_first, "the click changed the lead while a resume was joining it"
    assert changed
    with app.extensions["db"].sessions() as session:
        events = session.scalars(select(LeadEvent.kind).order_by(LeadEvent.id)).all()
        assert session.get(Lead, 1).state == LeadState.REACHED_OUT
    # Marking reached out an unclaimed lead also claims it (the clicker becomes its owner).
    assert events == ["created", "applied_again", "claimed", "state_changed"]
    assert resumes_by_lead(app) == {1: 2}


def test_a_submission_waits_for_a_click_on_the_same_address(app, client):
    post_application(client)
    second, finished_first = interleave(app, mark_reached_out, lambda s: submit(s, 5000))
    assert not finished_first, "the submission joined a lead being marked reached out"
    # The lead was reached out by the time the submission read it: a new lead.
    assert not second.applied_again and second.lead_id == 2
    assert resumes_by_lead(app) == {1: 1, 2: 1}
