"""CSRF, the rate limit, headers and cookies of the public form (the honeypot has
tests/test_honeypot.py)."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer

from tests.conftest import NOTHING, count_rows
from tests.support.clock import tokens_later
from tests.support.form import csrf_token, post_application
from web.csrf import COOKIE, SALT


def test_missing_token_from_elsewhere_gets_the_error_page(app, client):
    client.get("/")
    response = post_application(client, token="")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please open the form again" in page and 'href="/">Back to the form' in page
    assert 'value="Ada"' not in page  # a post from elsewhere is not given back as ours
    assert count_rows(app) == NOTHING


def test_forged_token_is_refused(app, client):
    client.get("/")
    forged = URLSafeTimedSerializer("another-key", salt=SALT).dumps(client.get_cookie(COOKIE).value)
    assert post_application(client, token=forged).status_code == 400
    assert count_rows(app) == NOTHING


def test_the_token_is_signed_with_the_secret_key(app, client):
    client.get("/")
    secret_key = app.extensions["settings"].secret_key
    token = URLSafeTimedSerializer(secret_key, salt=SALT).dumps(client.get_cookie(COOKIE).value)
    assert post_application(client, token=token).status_code == 303


def test_token_from_another_browser_is_refused(app, client):
    other = app.test_client()
    token = csrf_token(other)
    client.get("/")
    assert post_application(client, token=token).status_code == 400
    assert count_rows(app) == NOTHING


def test_token_without_its_cookie_is_refused(app, client):
    token = csrf_token(client)
    client.delete_cookie(COOKIE)
    assert post_application(client, token=token).status_code == 400


def test_expired_token_is_refused(config, client, app, monkeypatch):
    token = csrf_token(client)
    max_age = app.extensions["settings"].csrf_max_age
    tokens_later(monkeypatch, max_age + 5)
    response = post_application(client, token=token)
    assert response.status_code == 400
    assert "open for a long time" in response.get_data(as_text=True)
    assert count_rows(app) == NOTHING


def test_a_valid_token_is_accepted(app, client):
    response = post_application(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/thanks"
    assert count_rows(app)["leads"] == 1


def test_rate_limit_per_address(config, make_app):
    config["FORM_RATE_LIMIT"] = "3/minute"
    client = make_app(config, migrate=True).test_client()
    token = csrf_token(client)
    codes = [post_application(client, token=token).status_code for _ in range(4)]
    assert codes == [303, 303, 303, 429]
    page = post_application(client, token=token, first_name="Katherine").get_data(as_text=True)
    # The form again with what was typed, saying when to retry, blaming no one.
    assert "Please send it again in" in page and 'value="Katherine"' in page
    assert "many times" not in page
    # Showing the form is not limited.
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/thanks", "/healthz", "/nope"])
def test_security_headers_everywhere(client, path):
    headers = client.get(path).headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_form_page_has_no_inline_script_or_style(client):
    page = client.get("/").get_data(as_text=True)
    assert page.count("<script") == page.count('<script src="/static/form.js" defer></script>')
    assert page.count("<script") == 1
    assert "style=" not in page


def test_csrf_cookie_flags(client):
    cookie = client.get("/").headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_cookie_is_secure_behind_https(config, make_app):
    config["PUBLIC_BASE_URL"] = "https://jobs.example.com"
    cookie = make_app(config).test_client().get("/").headers["Set-Cookie"]
    assert "Secure" in cookie


def test_rate_limit_is_shared_between_processes_through_redis(config, make_app, redis_url):
    """Two app instances (as two gunicorn workers) count one client's posts together."""
    import uuid

    config.update(
        FORM_RATE_LIMIT="3/minute",
        RATELIMIT_STORAGE_URI=redis_url,
        RATELIMIT_KEY_PREFIX=f"leads-test-{uuid.uuid4().hex}",
    )
    first, second = make_app(config, migrate=True), make_app(config)
    clients = [first.test_client(), second.test_client()]
    tokens = [csrf_token(client) for client in clients]
    codes = [post_application(clients[n % 2], token=tokens[n % 2]).status_code for n in range(4)]
    assert codes == [303, 303, 303, 429]


def test_an_unreachable_rate_limit_store_does_not_fail_the_form(config, make_app):
    config.update(FORM_RATE_LIMIT="3/minute", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1")
    client = make_app(config, migrate=True).test_client()
    token = csrf_token(client)
    codes = [post_application(client, token=token).status_code for _ in range(4)]
    assert codes == [303, 303, 303, 429]  # counted in the process meanwhile
