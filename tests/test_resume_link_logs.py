"""A resume link opened against the real server process, the development server and
gunicorn: the file arrives through the redirect, and the token is nowhere in what the
process wrote (its own log, Werkzeug's request log, gunicorn's access log)."""

from __future__ import annotations

import http.cookiejar
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, select

from db.models import Resume
from service.resume_links import make_url
from tests.support.app_process import AppProcess
from tests.support.files import pdf_bytes
from tests.support.http_client import apply, wait_for

pytestmark = pytest.mark.process

SECRET_KEY = "resume-link-log-secret"
SERVERS = {"flask-run": None, "gunicorn": 1}


def browser() -> urllib.request.OpenerDirector:
    """Follows redirects and keeps cookies, as a browser does; never through a proxy."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
    )


def only_resume(database: Path) -> tuple[int, int]:
    """(lead id, resume id) of the one resume stored."""
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            lead_id, resume_id = connection.execute(select(Resume.lead_id, Resume.id)).one()
            return lead_id, resume_id
    finally:
        engine.dispose()


@pytest.mark.parametrize("server", SERVERS.keys())
def test_the_token_never_reaches_the_server_log(tmp_path: Path, server: str) -> None:
    env = {"SECRET_KEY": SECRET_KEY, "WORKER_IN_PROCESS": "false"}
    with AppProcess(tmp_path, env, gunicorn_workers=SERVERS[server]) as app:
        apply(app, "Ada", "Lovelace", "ada@example.com")
        lead_id, resume_id = only_resume(tmp_path / "leads.sqlite3")
        url = make_url(SECRET_KEY, app.base_url, lead_id, resume_id)
        token = urlsplit(url).path.rsplit("/", 1)[1]
        with browser().open(url, timeout=10) as response:
            assert response.status == 200
            assert urlsplit(response.url).path == f"/resumes/download/{lead_id}/{resume_id}"
            assert response.read() == pdf_bytes(2048)  # what apply() uploaded
        # Both requests were logged (the servers write after answering), the link redacted.
        download_line = f"GET /resumes/download/{lead_id}/{resume_id} "
        log = wait_for(
            lambda: next((out for out in [app.output()] if download_line in out), None),
            "the download request was not logged",
            app,
        )
        assert "/resumes/[redacted]" in log
        for part in (token, *(p for p in token.split(".") if len(p) >= 6)):
            assert part not in log, f"{part!r} is in the {server} log:\n{log}"
