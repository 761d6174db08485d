"""The form's rate limit on a small app of its own (FORM_RATE_LIMIT=3/minute): the fourth
post gets the 429 page and stores nothing, and forwarding headers do not reset it. Behind
a trusted proxy, IPv6 clients forwarded from one /64 share one limit.

It runs under gunicorn with one worker, the shape `gunicorn 'web:create_app()'` starts.
(The default `memory://` counters live in each worker process; several workers need
RATELIMIT_STORAGE_URI pointed at a shared store, as the README says.)
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select

from db.models import Lead, OutboxJob, Resume
from tests.hostile.stack import Reply, valid_application
from tests.support.app_process import AppProcess
from tests.support.http_client import fetch_form, multipart, request

pytestmark = pytest.mark.process

LIMIT = 3


def limited_app(tmp, **extra: str):
    env = {
        "SECRET_KEY": "rate-limit-secret",
        "FORM_RATE_LIMIT": f"{LIMIT}/minute",
        "WORKER_IN_PROCESS": "false",
        **extra,
    }
    with AppProcess(tmp, env, gunicorn_workers=1) as app:
        engine = create_engine(f"sqlite:///{tmp / 'leads.sqlite3'}")
        yield app, engine
        engine.dispose()


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    yield from limited_app(tmp_path_factory.mktemp("rate-limit"))


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory):
    yield from limited_app(tmp_path_factory.mktemp("rate-limit-proxied"), TRUSTED_PROXIES="1")


def counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            model.__tablename__: connection.scalar(select(func.count()).select_from(model))
            for model in (Lead, Resume, OutboxJob)
        }


def post(app: AppProcess, headers: dict[str, str] | None = None) -> Reply:
    token, cookie = fetch_form(app)
    body, content_type = multipart(*valid_application(token))
    all_headers = {"Content-Type": content_type, "Cookie": f"leads_csrf={cookie}"}
    all_headers.update(headers or {})
    response, data = request(app, "POST", "/", body, all_headers)
    return Reply(response.status, dict(response.headers.items()), data)


@pytest.fixture(scope="module")
def exhausted(limited):
    """The limit used up from 127.0.0.1: LIMIT accepted posts, then a 429."""
    app, engine = limited
    statuses = [post(app).status for _ in range(LIMIT)]
    assert statuses == [303] * LIMIT
    return app, engine


def test_the_post_after_the_limit_gets_the_429_page(exhausted):
    app, engine = exhausted
    before = counts(engine)
    assert before == {"leads": LIMIT, "resumes": LIMIT, "outbox_jobs": 2 * LIMIT}
    reply = post(app)
    assert reply.status == 429
    assert "Please send it again in" in reply.text and "There is a problem" in reply.text
    assert counts(engine) == before
    # Showing the form is not limited.
    response, _ = request(app, "GET", "/")
    assert response.status == 200


SPOOFED = {
    "x-forwarded-for": {"X-Forwarded-For": "203.0.113.7"},
    "x-forwarded-for-chain": {"X-Forwarded-For": "198.51.100.1, 203.0.113.8"},
    "x-real-ip": {"X-Real-IP": "203.0.113.9"},
    "forwarded": {"Forwarded": "for=203.0.113.10"},
}


@pytest.mark.parametrize("headers", SPOOFED.values(), ids=SPOOFED.keys())
def test_forwarding_headers_do_not_reset_the_limit(exhausted, headers):
    app, engine = exhausted
    before = counts(engine)
    reply = post(app, headers)
    assert reply.status == 429
    assert counts(engine) == before


def test_behind_a_proxy_one_ipv6_64_shares_one_limit(behind_proxy):
    app, engine = behind_proxy
    rotated = [f"2001:db8:aa:bb::{n:x}" for n in range(1, LIMIT + 2)]
    statuses = [post(app, {"X-Forwarded-For": address}).status for address in rotated]
    assert statuses == [303] * LIMIT + [429]
    assert counts(engine)["leads"] == LIMIT
    # Another /64, and an IPv4 client, are other clients.
    assert post(app, {"X-Forwarded-For": "2001:db8:aa:bc::1"}).status == 303
    assert post(app, {"X-Forwarded-For": "::ffff:192.0.2.1"}).status == 303
