"""Resume links in process: `/resumes/<token>` answers 303 with a grant cookie scoped to
one download URL; that URL serves the file only with a fresh grant for exactly its
resume; expired links get 410, tampered ones 404; tokens are redacted from server logs."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from db.models import Resume
from service.resume_links import (
    GRANT_MAX_AGE_SECONDS,
    LINK_LIFETIME,
    MAX_AGE_SECONDS,
    make_grant,
    make_url,
)
from service.resume_links import ResumeRef as Ref
from tests.support.clock import tokens_later
from tests.support.files import pdf_bytes
from tests.support.form import post_application
from web.resumes import GRANT_COOKIE

ADA_FIRST, ADA_AGAIN, GRACE = pdf_bytes(3000), pdf_bytes(4000), pdf_bytes(5000)


@pytest.fixture
def resumes(app, client) -> dict[bytes, Ref]:
    """Two resumes of one lead (Ada applied twice) and one of another lead (Grace)."""
    post_application(client, resume=(ADA_FIRST, "ada.pdf"))
    post_application(client, resume=(ADA_AGAIN, "ada-2.pdf"))
    post_application(client, email="grace@example.com", resume=(GRACE, "grace.pdf"))
    with app.extensions["db"].sessions() as session:
        rows = session.scalars(select(Resume).order_by(Resume.id)).all()
        refs = {row.data: Ref(row.lead_id, row.id) for row in rows}
    assert len({ref.lead_id for ref in refs.values()}) == 2
    return refs


def link(app, ref: Ref) -> str:
    return make_url(app.config["SECRET_KEY"], "", ref.lead_id, ref.resume_id)


def download_path(ref: Ref) -> str:
    return f"/resumes/download/{ref.lead_id}/{ref.resume_id}"


def test_a_link_redirects_to_a_secret_free_url_with_a_scoped_grant(app, client, resumes):
    ref = resumes[ADA_AGAIN]
    token_path = link(app, ref)
    opened = client.get(token_path)
    assert opened.status_code == 303
    assert opened.headers["Location"] == download_path(ref)
    assert opened.headers["Cache-Control"] == "private, no-store"
    cookie = opened.headers["Set-Cookie"]
    assert cookie.startswith(f"{GRANT_COOKIE}=")
    for flag in ("HttpOnly", "SameSite=Lax", f"Path={download_path(ref)}", "Max-Age=60"):
        assert flag in cookie, cookie
    assert "Secure" not in cookie
    assert token_path.rsplit("/", 1)[1] not in cookie

    served = client.get(opened.headers["Location"])
    assert served.status_code == 200
    assert served.data == ADA_AGAIN
    assert served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"] == 'attachment; filename="resume-Ada-Lovelace.pdf"'
    assert served.headers["Cache-Control"] == "private, no-store"
    # The download spends the grant; the Slack link (still fresh) gives a new one.
    assert "Max-Age=0" in served.headers["Set-Cookie"]
    assert client.get(download_path(ref)).status_code == 403
    assert client.get(token_path, follow_redirects=True).data == ADA_AGAIN


def test_the_grant_cookie_is_secure_behind_https(app, client, resumes):
    app.extensions["settings"].public_base_url = "https://jobs.example.com"
    opened = client.get(link(app, resumes[ADA_FIRST]))
    assert "Secure" in opened.headers["Set-Cookie"]


def test_the_download_url_without_a_valid_grant_is_refused(app, client, resumes, monkeypatch):
    ref = resumes[ADA_FIRST]
    secret = app.config["SECRET_KEY"]
    path = download_path(ref)
    refused = client.get(path)
    assert refused.status_code == 403
    assert "Open the resume from Slack" in refused.get_data(as_text=True)
    token = link(app, ref).rsplit("/", 1)[1]
    for forged in ("garbage", make_grant("another-key", ref), token, make_grant(secret, ref)[:-2]):
        client.set_cookie(GRANT_COOKIE, forged, path=path)
        assert client.get(path).status_code == 403, forged
    client.set_cookie(GRANT_COOKIE, make_grant(secret, ref), path=path)
    tokens_later(monkeypatch, GRANT_MAX_AGE_SECONDS + 5)
    assert client.get(path).status_code == 403


def test_a_grant_for_one_resume_opens_no_other(app, client, resumes):
    grant = client.get(link(app, resumes[ADA_FIRST])).headers["Set-Cookie"]
    value = grant.split(";", 1)[0].split("=", 1)[1]
    # Sent everywhere, as a stolen cookie would be; the browser itself scopes it tighter.
    client.set_cookie(GRANT_COOKIE, value, path="/")
    for other in (resumes[ADA_AGAIN], resumes[GRACE]):
        answer = client.get(download_path(other))
        assert answer.status_code == 403
        assert other != resumes[ADA_FIRST] and answer.data not in (ADA_AGAIN, GRACE)
    # Nor the same resume id under another lead's id.
    mixed = Ref(resumes[GRACE].lead_id, resumes[ADA_FIRST].resume_id)
    assert client.get(download_path(mixed)).status_code == 403
    assert client.get(download_path(resumes[ADA_FIRST])).data == ADA_FIRST


def test_a_link_to_another_leads_resume_is_not_found(app, client, resumes):
    ada, grace = resumes[ADA_FIRST], resumes[GRACE]
    for ref in (Ref(ada.lead_id, grace.resume_id), Ref(ada.lead_id, 999), Ref(999, 1)):
        answer = client.get(link(app, ref))
        assert answer.status_code == 404
        assert "Set-Cookie" not in answer.headers


def test_expired_tampered_and_grant_shaped_links(app, client, resumes, monkeypatch):
    ref = resumes[ADA_FIRST]
    path = link(app, ref)
    assert client.get(path[:-3] + "xyz").status_code == 404
    grant = make_grant(app.config["SECRET_KEY"], ref)
    assert client.get(f"/resumes/{grant}").status_code == 404  # a grant is not a link
    tokens_later(monkeypatch, MAX_AGE_SECONDS + 5)
    expired = client.get(path)
    assert expired.status_code == 410
    assert "expired" in expired.get_data(as_text=True)
    assert f"Resume links work for {LINK_LIFETIME}." in expired.get_data(as_text=True)
    assert "Set-Cookie" not in expired.headers


TOKEN = "WzEsMV0.Z1x2cQ.abcDEF_ghi-JKL"
LOG_LINES = {
    "werkzeug": ('"%s" %s %s', (f"GET /resumes/{TOKEN} HTTP/1.1", "303", "-")),
    "gunicorn.access": (
        '%(h)s "%(r)s" %(s)s',
        ({"h": "127.0.0.1", "r": f"GET /resumes/{TOKEN}?x=1 HTTP/1.1", "s": "303"},),
    ),
    "gunicorn.error": ("Error handling request %s", (f"/resumes/{TOKEN}",)),
}


@pytest.mark.parametrize("logger", [*LOG_LINES, "app"])
def test_server_log_lines_lose_the_token(app, caplog, logger):
    name = app.logger.name if logger == "app" else logger
    fmt, args = LOG_LINES.get(logger, ("Exception on %s [GET]", (f"/resumes/{TOKEN}",)))
    caplog.set_level(logging.INFO, logger=name)
    logging.getLogger(name).info(fmt, *args)
    logging.getLogger(name).info('"GET /resumes/download/1/2 HTTP/1.1" 200 -')
    redacted, untouched = (r.getMessage() for r in caplog.records if r.name == name)
    assert TOKEN not in redacted and TOKEN.rsplit(".", 1)[1] not in redacted
    assert "/resumes/[redacted]" in redacted
    assert untouched == '"GET /resumes/download/1/2 HTTP/1.1" 200 -'
