"""Every error page a person can meet (400, 404, 410, 413, 429, 500, 503), as the app
renders it: for the browser tests, which serve these bytes at the running app's address
(so its stylesheet, script and CSP apply) and check them with axe."""

from __future__ import annotations

from pathlib import Path

from werkzeug.exceptions import ServiceUnavailable

from tests.support.clock import tokens_later
from tests.support.form import post_application
from web import create_app


def render_all(tmp: Path, monkeypatch, env: dict | None = None) -> dict[int, tuple[str, dict]]:
    """{status: (html, headers)} for each error page, from a fresh app under `tmp`."""
    from db.migrate import upgrade
    from service.resume_links import make_url

    config = {
        "LEADS_ENV": "testing",
        "INSTANCE_PATH": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'pages.sqlite3'}",
        "SECRET_KEY": "error-pages-key",
        "WORKER_IN_PROCESS": False,
        **(env or {}),
        "FORM_RATE_LIMIT": "1/minute",  # the second post meets the 429
    }
    app = create_app(config)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    upgrade(app.extensions["db"].engine)

    @app.get("/test-500")
    def server_error():
        raise RuntimeError("a bug")

    @app.get("/test-503")
    def unavailable():
        raise ServiceUnavailable()

    client = app.test_client()
    replies = {
        400: post_application(_client_at(app, "192.0.2.1"), token="forged"),
        404: client.get("/no-such-page"),
        413: _too_many_parts(_client_at(app, "192.0.2.2")),
        500: client.get("/test-500"),
        503: client.get("/test-503"),
    }
    # One post a minute for each client address: the second one is refused.
    busy = _client_at(app, "192.0.2.3")
    post_application(busy)
    replies[429] = post_application(busy)
    link = make_url("error-pages-key", "http://localhost", 1, 1)
    tokens_later(monkeypatch, 24 * 3600)
    replies[410] = client.get(link.removeprefix("http://localhost"))
    monkeypatch.undo()
    pages = {}
    for status, reply in replies.items():
        assert reply.status_code == status, (status, reply.get_data(as_text=True)[:300])
        pages[status] = (reply.get_data(as_text=True), dict(reply.headers))
    app.extensions["db"].engine.dispose()
    return pages


def _client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _too_many_parts(client):
    fields = {f"extra_{n}": "x" for n in range(1001)}
    return client.post("/", data=fields, content_type="multipart/form-data")
