"""The withdrawal link: in the confirmation email; GET shows only the first name and one
button; POST needs CSRF, erases and says so; a second use says already withdrawn;
a tampered token is a 404."""

from __future__ import annotations

import re

from sqlalchemy import select

from db.models import Lead, LeadErasure
from service.withdrawal import make_token
from tests.support.form import TOKEN, post_application
from tests.support.mail import parse

LINK = re.compile(r"https?://\S+/withdraw/[\w.-]+")


def emailed_link(app, tmp_path) -> str:
    post_application(app.test_client())
    app.extensions["worker"].drain()
    (eml,) = (tmp_path / "instance" / "mail").glob("*.eml")
    message = parse(eml.read_bytes())
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    (link,) = set(LINK.findall(text))
    assert link in html
    return link


def test_the_confirmation_links_to_a_page_that_withdraws(config, tmp_path):
    from tests.conftest import migrated_app

    app = next(migrated_app({**config, "PUBLIC_BASE_URL": "https://jobs.example.com"}))
    link = emailed_link(app, tmp_path)
    assert link.startswith("https://jobs.example.com/withdraw/")
    path = link.removeprefix("https://jobs.example.com")
    client = app.test_client()
    page = client.get(path).get_data(as_text=True)
    assert "Ada" in page and "Lovelace" not in page and "ada@example.com" not in page
    assert client.post(path, data={"csrf_token": "forged"}).status_code == 400
    token = TOKEN.search(page).group(1)
    done = client.post(path, data={"csrf_token": token})
    assert done.status_code == 200 and "Application withdrawn" in done.get_data(as_text=True)
    again = client.get(path).get_data(as_text=True)
    assert "Already withdrawn" in again and "Ada" not in again
    assert "Already withdrawn" in client.post(path, data={"csrf_token": token}).get_data(
        as_text=True
    )
    with app.extensions["db"].sessions() as session:
        assert session.scalar(select(Lead.erased_at)) is not None
        (log,) = session.scalars(select(LeadErasure)).all()
    assert (log.reason, log.actor) == ("applicant", None)


def test_tampered_or_foreign_tokens_are_404(app, client):
    post_application(client)
    with app.extensions["db"].sessions() as session:
        lead_id = session.scalar(select(Lead.id))
    good = make_token("test-secret-key", lead_id)
    assert client.get(f"/withdraw/{good}").status_code == 200
    assert client.get(f"/withdraw/{good[:-2]}xx").status_code == 404
    assert client.get(f"/withdraw/{make_token('another-key', lead_id)}").status_code == 404
    assert client.get(f"/withdraw/{make_token('test-secret-key', 999)}").status_code == 404
    csrf = TOKEN.search(client.get("/").get_data(as_text=True)).group(1)
    assert client.post(f"/withdraw/{good[:-2]}xx", data={"csrf_token": csrf}).status_code == 404
