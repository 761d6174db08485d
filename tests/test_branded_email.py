"""The confirmation email says what happens next, under the firm's name when it is set."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest

from tests.support.form import post_application
from tests.support.mail import assert_nothing_injected

BRANDED = {
    "FIRM_NAME": "Smith & Jones, LLP",
    "CONTACT_EMAIL": "jobs@smith.example",
    "REPLY_WITHIN": "two working days",
    "MAIL_FROM": "Hiring <hiring@smith.example>",
}


def confirmation(config, make_app, **settings):
    config.update(settings)
    app = make_app(config, migrate=True)
    client = app.test_client()
    assert post_application(client).status_code == 303
    assert app.extensions["worker"].drain() >= 1
    (path,) = Path(config["INSTANCE_PATH"], "mail").glob("*.eml")
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def bodies(message) -> tuple[str, str]:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def test_with_every_setting(config, make_app):
    message = confirmation(config, make_app, **BRANDED)
    assert message["Subject"] == "Smith & Jones, LLP: we received your application"
    assert message["From"].addresses[0].display_name == "Smith & Jones, LLP"
    assert message["From"].addresses[0].addr_spec == "hiring@smith.example"
    text, html = bodies(message)
    for body in (text, html):
        assert "Thank you for applying to Smith" in body
        assert "your resume, Ada CV.pdf." in body
        assert "at this address, ada@example.com." in body
        assert "within two working days." in body
        assert "jobs@smith.example" in body
    assert 'href="mailto:jobs@smith.example"' in html


@pytest.mark.parametrize("unset", [{}, {"FIRM_NAME": "", "CONTACT_EMAIL": "", "REPLY_WITHIN": ""}])
def test_with_none(config, make_app, unset):
    message = confirmation(config, make_app, **unset)
    assert message["Subject"] == "We received your application"
    assert str(message["From"]) == "Hiring <hiring@localhost>"  # MAIL_FROM as it is
    text, _ = bodies(message)
    assert "your resume, Ada CV.pdf." in text and "ada@example.com" in text
    assert "Someone from our hiring team will be in touch." in text
    assert "Questions?" not in text and "applying to" not in text


@pytest.mark.parametrize(
    "firm",
    ["Smith, Jones & Co", "Müller LLP", 'Acme "Best" Partners', "O'Brien (Law); Łódź <PL>"],
)
def test_a_real_firm_name_reaches_the_smtp_server_as_it_is(config, make_app, smtp_server, firm):
    """Commas, quotes, brackets and non-ASCII are names, not header syntax: the message
    passes worker/message_check.py and reads back with the name intact."""
    message = _confirmation_under(firm, config, make_app, smtp_server)
    assert message["From"].addresses[0].display_name == firm
    assert message["From"].addresses[0].addr_spec == "hiring@localhost"
    assert message["Subject"] == f"{firm}: we received your application"


@pytest.mark.parametrize(
    "firm",
    [
        "Kancelaria Prawna Łódź Wrocław Kraków Gdańsk sp. k.",
        "Abbott, Baker, Carter, Dixon, Evans, Fisher, Grant, Hughes, Irving & Jones Solicitors LLP",
    ],
)
def test_a_name_from_cannot_carry_still_gets_the_email_out(
    config, make_app, smtp_server, caplog, firm
):
    """Python's email package folds some long names wrongly (an encoded word split inside
    a word; a quoted name losing its quotes and reading as several addresses): the check
    before sending refused every confirmation. The email goes as MAIL_FROM, the subject
    naming the firm."""
    message = _confirmation_under(firm, config, make_app, smtp_server)
    assert str(message["From"]) == "Hiring <hiring@localhost>"  # MAIL_FROM as given
    assert message["Subject"] == f"{firm}: we received your application"
    assert "cannot be written faithfully in From" in caplog.text


def _confirmation_under(firm: str, config, make_app, smtp_server):
    """The confirmation as the SMTP server received it, with FIRM_NAME=firm, once checked
    for injected headers."""
    config.update(FIRM_NAME=firm, SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    app = make_app(config, migrate=True)
    assert post_application(app.test_client()).status_code == 303
    app.extensions["worker"].drain()
    (raw,) = smtp_server.raw_messages
    return assert_nothing_injected(raw)
