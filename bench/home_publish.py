"""The Home tab's cost: `python -m bench.home_publish [--database-url URL]`.

1. views.publish per claim: a member has their Home open; claims on cards come as a
   burst (as fast as the endpoint takes them) and then spread out (one a second). The
   worker refreshes the Home through the outbox, at most once per HOME_REFRESH_SECONDS.
2. Building one Home over 100,000 leads: wall and CPU milliseconds and SQL statements per
   build (service/home.py's reads and slackkit/home.py's blocks), and the view's size.

Runs the app in this process against the Slack emulator, on a fresh SQLite file (or a
fresh schema of the PostgreSQL database given). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time

from sqlalchemy import event, func, select, update

from bench.home_seed import MEMBER, seed
from bench.load import percentiles
from bench.stack import fresh_database
from config import current_settings
from db.migrate import upgrade
from db.models import JobStatus, Lead, OutboxJob
from service import jobs
from service.home import home_data
from slackkit.home import home_view
from tests.support.home import open_home, seed_leads
from tests.support.slack_emulator import SlackEmulator
from tests.support.slack_requests import CHANNEL, SIGNING_SECRET, action_body, post
from web import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=20)
    parser.add_argument("--builds", type=int, default=50)
    args = parser.parse_args()
    logging.getLogger("leads").setLevel(logging.WARNING)  # the worker's line per job
    with tempfile.TemporaryDirectory(prefix="leads-home-") as tmp, SlackEmulator() as slack:
        slack.add_user(MEMBER, name="member")
        with fresh_database(args.database_url, tmp) as url:
            app = _app(slack, url, tmp)
            print(f"database: {app.extensions['db'].engine.dialect.name}")
            _claims(app, slack, args.claims)
            _builds(app, url, args.leads, args.builds)
            app.extensions["db"].engine.dispose()


def _app(slack: SlackEmulator, url: str, tmp: str):
    app = create_app(
        {
            "LEADS_ENV": "testing",
            "INSTANCE_PATH": f"{tmp}/instance",
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "WORKER_IN_PROCESS": False,
            "SMTP_HOST": "",
            "SLACK_BOT_TOKEN": slack.token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_LEADS_CHANNEL": CHANNEL,
            "SLACK_API_URL": slack.api_url,
            "REMIND_UNCLAIMED_MINUTES": 0,
            "REMIND_PENDING_MINUTES": 0,
        }  # fmt: skip
    )
    upgrade(app.extensions["db"].engine)
    return app


def _claims(app, slack: SlackEmulator, claims: int) -> None:
    worker = app.extensions["worker"]
    worker.ensure_started()
    client = app.test_client()
    interval = current_settings(app).home_refresh_seconds
    for label, pause in (("burst", 0.0), ("one a second", 1.0)):
        leads = seed_leads(app, claims, name=label.split()[0].capitalize())
        open_home(slack, client)
        before = len(slack.home_publishes(MEMBER))
        started = time.monotonic()
        for lead in leads:
            post(client, action_body("claim_lead", str(lead), slack.new_response_url()))
            time.sleep(pause)
        _settled(app, claims)
        published = len(slack.home_publishes(MEMBER)) - before
        took = time.monotonic() - started
        print(
            f"claims {label}: {claims} claims in {took:.1f} s -> {published} views.publish "
            f"({published / claims:.2f} per claim; HOME_REFRESH_SECONDS={interval:g})"
        )
        _release_all(app)
    worker.stop()


def _settled(app, claims: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    with app.extensions["db"].sessions() as session:
        while time.monotonic() < deadline:
            owned = session.scalar(select(func.count()).where(Lead.owner_id == MEMBER))
            waiting = session.scalar(
                select(func.count()).select_from(OutboxJob).where(
                    OutboxJob.kind == jobs.SLACK_HOME_REFRESH,
                    OutboxJob.status.in_([JobStatus.PENDING, JobStatus.RUNNING]),
                )
            )  # fmt: skip
            session.rollback()
            if owned >= claims and not waiting:
                return
            time.sleep(0.1)
    raise RuntimeError("the claims and their Home refreshes did not settle")


def _release_all(app) -> None:
    """The next round starts with nobody's leads in the member's Home."""
    with app.extensions["db"].sessions.begin() as session:
        session.execute(update(Lead).values(owner_id="U0DONE"))


def _builds(app, url: str, leads: int, builds: int) -> None:
    started = time.monotonic()
    seed(url, leads)
    print(f"seeded {leads} leads in {time.monotonic() - started:.1f} s")
    database = app.extensions["db"]
    statements = []
    event.listen(database.engine, "before_cursor_execute", lambda *a: statements.append(1))
    wall, cpu, size = [], [], 0
    for _ in range(builds):
        statements.clear()
        began, began_cpu = time.perf_counter(), time.process_time()
        with database.reads() as session:
            view = home_view(home_data(session, MEMBER))
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        size = len(json.dumps(view))
    print(
        f"Home build over {leads} leads ({builds} builds, {len(statements)} SQL statements each):"
    )
    print(f"  wall {percentiles(wall)}")
    print(f"  cpu  {percentiles(cpu)}")
    print(f"  view: {len(view['blocks'])} blocks, {size} bytes of JSON")


if __name__ == "__main__":
    main()
