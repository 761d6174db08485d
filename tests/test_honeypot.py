"""The form's honeypot: a filled one drops the post, counts it in /healthz and logs it
without personal data; autofill-like input (whitespace, the old `website` name) does not
cost a real application; the field is out of reach of people and autofill."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

import pytest

from tests.conftest import NOTHING, count_rows
from tests.support.form import csrf_token, post_application
from tests.support.polling import until
from web import create_app
from web.form import HONEYPOT

NAME, EMAIL = "Zanzibar", "zq.private@example.com"
# What Chromium's and Firefox's autofill heuristics (and password managers) key on in a
# field's name, id or label; a honeypot matching one of them gets filled for people.
AUTOFILL_HINTS = re.compile(
    r"e.?mail|name|phone|mobile|tel|url|web|site|link|home|company|business|organi[sz]ation|"
    r"address|addr|street|city|town|state|zip|post|country|card|cc|exp|day|year|birth|"
    r"user|login|pass|title|job|fax|line|\bhp\b|\bad\b|\bmi\b",
    re.IGNORECASE,
)


def caught(client) -> int:
    return client.get("/healthz").json["honeypot_caught"]


def caught_becomes(client, count: int) -> bool:
    """/healthz answers from a snapshot up to a second old (web/health.py)."""
    until(lambda: caught(client) == count, f"a honeypot count of {count}")
    return True


@pytest.mark.parametrize("value", ["http://spam.example", "x", "  buy now  "])
def test_a_filled_honeypot_stores_nothing_and_is_counted(app, client, caplog, value):
    caplog.set_level(logging.INFO, logger="leads.form")
    token = csrf_token(client)
    assert caught(client) == 0
    response = post_application(
        client, token=token, first_name=NAME, email=EMAIL, **{HONEYPOT: value}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/thanks"
    assert count_rows(app) == NOTHING
    assert caught_becomes(client, 1)
    post_application(client, token=token, **{HONEYPOT: value})
    assert caught_becomes(client, 2)
    messages = [r.getMessage() for r in caplog.records if r.name == "leads.form"]
    assert any("honeypot filled" in m for m in messages), messages
    typed = (value.strip(),) if len(value.strip()) > 3 else ()
    for secret in (NAME, EMAIL, "127.0.0.1", *typed):
        assert not any(secret in m for m in messages), (secret, messages)


def test_the_count_is_shared_by_every_process(app, config, client):
    """Two app instances on one database (two gunicorn workers, say) add to one total."""
    other = create_app(config)
    try:
        other_client = other.test_client()
        post_application(client, **{HONEYPOT: "x"})
        post_application(other_client, **{HONEYPOT: "x"})
        assert caught(client) == caught(other_client) == 2
    finally:
        other.extensions["db"].engine.dispose()


@pytest.mark.parametrize("value", [" ", "\t", " \r\n "], ids=["space", "tab", "newline"])
def test_a_whitespace_honeypot_does_not_drop_the_application(app, client, value):
    response = post_application(client, **{HONEYPOT: value})
    assert response.status_code == 303
    assert count_rows(app)["leads"] == 1
    assert caught(client) == 0


@pytest.mark.parametrize("value", [" ", "https://ada.example"], ids=["space", "url"])
def test_the_old_website_field_no_longer_drops_the_application(app, client, value):
    """Pages rendered before the rename carry `website`; an autofill may fill it."""
    response = post_application(client, website=value)
    assert response.status_code == 303
    assert count_rows(app)["leads"] == 1
    assert caught(client) == 0


def test_an_uncountable_catch_still_gets_thanks(config, tmp_path):
    config["DATABASE_URL"] = f"sqlite:///{tmp_path / 'missing-dir' / 'leads.sqlite3'}"
    client = create_app(config).test_client()
    response = post_application(client, **{HONEYPOT: "x"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/thanks"


class _Elements(HTMLParser):
    """Every start tag's attributes, and the text of each label by its `for`."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "label":
            self._label_for = dict(attrs).get("for")

    def handle_data(self, data):
        if self._label_for is not None:
            self.labels[self._label_for] = self.labels.get(self._label_for, "") + data

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_for = None


def test_the_rendered_honeypot_is_out_of_reach_of_people_and_autofill(client):
    page = _Elements()
    page.feed(client.get("/").get_data(as_text=True))
    inputs = [attrs for tag, attrs in page.tags if tag == "input" and attrs.get("name") == HONEYPOT]
    assert len(inputs) == 1
    (field,) = inputs
    assert field["id"] == HONEYPOT
    assert field["tabindex"] == "-1"
    assert field["autocomplete"] == "off"
    assert not field.get("value")
    wrappers = [a for tag, a in page.tags if tag == "div" and "hp" in a.get("class", "").split()]
    assert len(wrappers) == 1 and wrappers[0]["aria-hidden"] == "true"
    label = page.labels[HONEYPOT]
    assert "empty" in label
    for text in (HONEYPOT, label):
        assert not AUTOFILL_HINTS.search(text), f"{text!r} looks like an autofill target"
    assert not any(attrs.get("name") == "website" for _, attrs in page.tags)


def test_the_stylesheet_does_not_render_the_honeypot(client):
    with client.get("/static/style.css") as response:  # closes the file it streams
        css = response.get_data(as_text=True)
    rule = re.search(r"\.hp\s*\{([^}]*)\}", css)
    assert rule and re.search(r"display:\s*none", rule.group(1))


@pytest.mark.parametrize("name", ["website", "company", "phone", "url", "address", "nickname"])
def test_the_autofill_check_knows_the_usual_targets(name):
    """The guard above would catch a rename back to an autofilled name."""
    assert AUTOFILL_HINTS.search(name)
