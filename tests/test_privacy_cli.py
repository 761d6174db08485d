"""`flask leads erase | purge | export`, and retention measured from the last activity
with decimal days, once a day however many workers ask."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from config import current_settings
from db.models import Lead, LeadEvent, LeadState
from db.types import utcnow
from service.retention import purge_once_a_day
from service.states import change_state
from tests.conftest import migrated_app
from tests.support.form import post_application


def apply(client, email: str) -> int:
    post_application(client, email=email, first_name=email.split("@")[0].title())
    return lead_ids(client.application)[-1]


def lead_ids(app) -> list[int]:
    with app.extensions["db"].sessions() as session:
        return list(session.scalars(select(Lead.id).order_by(Lead.id)))


def erased(app) -> set[int]:
    with app.extensions["db"].sessions() as session:
        return set(session.scalars(select(Lead.id).where(Lead.erased_at.is_not(None))))


def backdate(app, lead_id: int, hours: float) -> None:
    """Make everything the lead did happen `hours` ago."""
    when = utcnow() - timedelta(hours=hours)
    with app.extensions["db"].sessions.begin() as session:
        session.execute(
            update(Lead).where(Lead.id == lead_id).values(created_at=when, updated_at=when)
        )
        session.execute(
            update(LeadEvent).where(LeadEvent.lead_id == lead_id).values(created_at=when)
        )


def cli(app, *args: str):
    result = app.test_cli_runner().invoke(args=["leads", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_erase_by_id_and_by_email(app, client):
    first, second = apply(client, "ada@example.com"), apply(client, "bob@example.com")
    assert f"lead {first}: erased" in cli(app, "erase", str(first))
    assert "already erased" in cli(app, "erase", str(first))
    assert f"lead {second}: erased" in cli(app, "erase", "--email", "BOB@example.com")
    assert erased(app) == {first, second}
    refused = app.test_cli_runner().invoke(args=["leads", "erase"])
    assert refused.exit_code != 0


@pytest.fixture
def half_day_app(config):
    yield from migrated_app({**config, "RETENTION_DAYS": "0.5"})


def test_purge_counts_decimal_days_from_the_last_activity(half_day_app):
    app, client = half_day_app, half_day_app.test_client()
    names = ("old", "young", "moved", "again")
    old, young, moved, again = (apply(client, f"{n}@example.com") for n in names)
    for lead, hours in ((old, 13), (young, 11), (moved, 48), (again, 48)):
        backdate(app, lead, hours=hours)
    with app.extensions["db"].sessions.begin() as session:  # a state change just now
        change_state(session, moved, LeadState.REACHED_OUT, "U0MEMBER")
    post_application(client, email="again@example.com", resume=(b"%PDF-1.7 new", "new.pdf"))
    dry = cli(app, "purge", "--dry-run")
    assert f"lead {old}: inactive 0.5 days" in dry and "would erase 1 lead(s)" in dry
    assert "example.com" not in dry and erased(app) == set()
    assert f"lead {old}: inactive" in cli(app, "purge")
    assert erased(app) == {old}


def test_the_daily_purge_runs_once_however_many_workers_ask(half_day_app):
    app = half_day_app
    old = apply(app.test_client(), "old@example.com")
    backdate(app, old, hours=13)
    database, settings = app.extensions["db"], current_settings(app)
    results = [purge_once_a_day(database, settings) for _ in range(3)]
    assert [None if r is None else [e.lead_id for e in r] for r in results] == [[old], None, None]
    tomorrow = utcnow() + timedelta(days=1)
    assert purge_once_a_day(database, settings, now=tomorrow) == []


def test_zero_days_keeps_everything(config):
    app = next(migrated_app({**config, "RETENTION_DAYS": "0"}))
    lead = apply(app.test_client(), "old@example.com")
    backdate(app, lead, hours=24 * 3650)
    assert "kept until erased by hand" in cli(app, "purge")
    assert purge_once_a_day(app.extensions["db"], current_settings(app)) is None
    assert erased(app) == set()


def test_export_writes_the_leads_history_and_resumes(app, client, tmp_path):
    lead = apply(client, "ada@example.com")
    post_application(client, email="ADA@example.com", resume=(b"%PDF-1.7 second", "two.pdf"))
    apply(client, "someone.else@example.com")
    app.extensions["worker"].drain()
    out = tmp_path / "export"
    output = cli(app, "export", "--email", "ada@example.com", "--out", str(out))
    assert "holds personal data" in output
    document = json.loads((out / "export.json").read_text())
    (only,) = document["leads"]
    assert (only["id"], only["email"], only["first_name"]) == (lead, "ada@example.com", "Ada")
    assert [e["kind"] for e in only["history"]] == ["created", "applied_again"]
    assert [r["uploaded_as"] for r in only["resumes"]] == ["Ada CV.pdf", "two.pdf"]
    assert (out / only["resumes"][1]["file"]).read_bytes() == b"%PDF-1.7 second"
    assert [e["to"] for e in only["emails_sent"]] == ["the applicant"] * 2
    assert "someone.else" not in (out / "export.json").read_text()


def test_the_worker_erases_expired_leads_and_the_card_says_why(slack, slack_config):
    from tests.support.polling import until
    from tests.support.slack_requests import CHANNEL

    app = next(migrated_app({**slack_config, "RETENTION_DAYS": "0.5"}))
    worker, client = app.extensions["worker"], app.test_client()
    old, young = apply(client, "old@example.com"), apply(client, "young@example.com")
    worker.drain()  # both cards posted
    backdate(app, old, hours=12.5)
    worker.ensure_started()
    try:
        until(lambda: erased(app) == {old}, "the retention purge", timeout=10)
        line = f"Application #{old} erased · retention period ended"
        until(lambda: line in [m["text"] for m in slack.messages(CHANNEL)], "the card rewrite")
    finally:
        worker.stop()
    assert young not in erased(app)
