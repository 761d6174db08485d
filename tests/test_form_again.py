"""Nothing the prospect gave is lost: the form comes back with what was typed and the
resume kept (a pending upload bound to the browser), after a mistyped field, a page left
open past CSRF_MAX_AGE, a busy minute; the second post succeeds without the file."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from db.models import PendingUpload, Resume
from tests.conftest import count_rows
from tests.support import files
from tests.support.clock import tokens_later
from tests.support.form import TOKEN, csrf_token, error_for, post_application
from web.csrf import COOKIE as CSRF_COOKIE
from web.form import NOT_SAVED
from web.form_input import LOST_FILE, NO_COOKIES, STALE_PAGE
from web.pending import COOKIE

KEPT = re.compile(r'name="pending_upload" value="([0-9a-f]+)"')
SAME_SITE = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}


def post(client, headers: dict | None = None, **fields):
    """post_application, with a browser's headers; resume=None sends no file."""
    client.environ_base.update(
        {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
    )
    return post_application(client, **fields)


def pending_rows(app) -> int:
    with app.extensions["db"].sessions() as session:
        return session.scalar(select(func.count()).select_from(PendingUpload))


def test_a_mistyped_email_keeps_the_resume_and_the_second_post_needs_no_file(app, client):
    content = files.pdf_bytes(3000)
    first = post(client, email="ada@localhost", resume=(content, "Ada CV.pdf"))
    page = first.get_data(as_text=True)
    assert first.status_code == 400
    assert "valid email address" in error_for(page, "email")
    assert "<strong>Ada CV.pdf</strong> attached" in page
    assert first.headers["Cache-Control"] == "no-store"
    upload_id = KEPT.search(page).group(1)
    cookie = client.get_cookie(COOKIE)
    assert cookie.http_only and cookie.same_site == "Lax" and pending_rows(app) == 1

    token = TOKEN.search(page).group(1)
    second = post(client, token=token, resume=None, pending_upload=upload_id)
    assert second.status_code == 303, second.get_data(as_text=True)
    with app.extensions["db"].sessions() as session:
        assert session.scalar(select(Resume.data)) == content
    assert pending_rows(app) == 0  # used, so gone


def test_an_expired_page_from_our_own_site_comes_back_with_everything(app, client, monkeypatch):
    token = csrf_token(client)
    tokens_later(monkeypatch, app.extensions["settings"].csrf_max_age + 60)
    first = post(client, SAME_SITE, token=token, first_name="Grace")
    page = first.get_data(as_text=True)
    assert first.status_code == 400
    assert STALE_PAGE in page and "There is a problem" in page
    assert 'value="Grace"' in page and "<strong>Ada CV.pdf</strong> attached" in page
    fresh = TOKEN.search(page).group(1)
    assert fresh != token
    second = post(
        client, SAME_SITE, token=fresh, resume=None, pending_upload=KEPT.search(page).group(1)
    )
    assert second.status_code == 303
    assert count_rows(app)["leads"] == 1


def test_a_kept_file_is_of_no_use_to_another_browser(app, client):
    page = post(client, email="bad@").get_data(as_text=True)
    upload_id = KEPT.search(page).group(1)
    other = app.test_client()
    post(other, email="eve@")  # a cookie of its own, with a file of its own kept
    assert other.get_cookie(COOKIE).value != client.get_cookie(COOKIE).value
    reply = post(other, resume=None, pending_upload=upload_id)
    assert reply.status_code == 400
    assert error_for(reply.get_data(as_text=True), "resume") == LOST_FILE
    assert count_rows(app)["leads"] == 0 and pending_rows(app) == 2


def test_a_new_file_replaces_the_kept_one(app, client):
    post(client, email="bad@")
    page = post(client, email="bad@", resume=(files.docx_bytes(), "new.docx")).get_data(
        as_text=True
    )
    assert "<strong>new.docx</strong> attached" in page
    assert pending_rows(app) == 1  # one per browser


def test_an_invalid_resume_is_not_kept(app, client):
    page = post(client, email="bad@", resume=(files.EXECUTABLE, "cv.pdf")).get_data(as_text=True)
    assert "attached" not in page and pending_rows(app) == 0


def test_the_form_and_the_thanks_page_are_never_stored(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"
    reply = post(client)
    assert reply.status_code == 303
    assert client.get("/thanks").headers["Cache-Control"] == "no-store"


def test_the_thanks_page_says_what_was_sent_where_once(config, make_app):
    config.update(CONTACT_EMAIL="jobs@smith.example", REPLY_WITHIN="two working days")
    client = make_app(config, migrate=True).test_client()
    assert post(client).status_code == 303
    page = client.get("/thanks").get_data(as_text=True)
    assert "<strong>Ada CV.pdf</strong>" in page and "<strong>ada@example.com</strong>" in page
    assert "within two working days" in page and "mailto:jobs@smith.example" in page
    # Shown once: a later visitor of this browser does not see the address.
    assert "ada@example.com" not in client.get("/thanks").get_data(as_text=True)


def test_an_oversized_upload_is_never_held_in_full(app):
    """Past the cap an upload is read and dropped (web/uploads.py): the form can answer a
    far-over file without keeping its megabytes in memory or on disk."""
    import io

    from flask import request

    limit = app.extensions["settings"].resume_max_bytes
    body = {"first_name": "Ada", "resume": (io.BytesIO(files.pdf_bytes(3 * limit)), "big.pdf")}
    with app.test_request_context("/", method="POST", data=body):
        request.max_content_length = 4 * limit
        stream = request.files["resume"].stream
        assert stream.received == len(files.pdf_bytes(3 * limit))
        stream.seek(0, io.SEEK_END)
        assert stream.tell() == limit + 1
        assert request.form["first_name"] == "Ada"
        request.environ["wsgi.input"].close()  # the test body, spooled by Werkzeug


def _unreachable(*args, **kwargs):
    raise OperationalError("SELECT", {}, Exception("could not connect to server"))


def test_a_database_outage_keeps_what_was_typed_and_the_kept_file(app, client, monkeypatch):
    """The kept resume cannot be read (the database is out of reach): not a 500 page, but
    the form with what was typed and the kept file's id, which works once it is back."""
    import service.pending_uploads

    page = post(client, email="bad@").get_data(as_text=True)
    upload_id = KEPT.search(page).group(1)
    with monkeypatch.context() as patch:
        patch.setattr(service.pending_uploads, "find", _unreachable)
        reply = post(
            client, token=TOKEN.search(page).group(1), resume=None, pending_upload=upload_id
        )
    page = reply.get_data(as_text=True)
    assert reply.status_code == 503
    assert NOT_SAVED in page and 'value="ada@example.com"' in page
    assert KEPT.search(page).group(1) == upload_id and "Your resume is still attached" in page
    again = post(client, token=TOKEN.search(page).group(1), resume=None, pending_upload=upload_id)
    assert again.status_code == 303
    assert count_rows(app)["leads"] == 1


@pytest.mark.parametrize("kept_before", [True, False], ids=["kept-file", "new-file"])
def test_a_failed_insert_keeps_the_resume(app, client, monkeypatch, kept_before):
    """503 while storing the application: the resume stays attached for the next press."""
    import service.submit

    fields = {"resume": (files.docx_bytes(), "cv.docx")}
    if kept_before:
        page = post(client, email="bad@", **fields).get_data(as_text=True)
        fields = {"resume": None, "pending_upload": KEPT.search(page).group(1)}
    with monkeypatch.context() as patch:
        patch.setattr(service.submit, "enqueue", _unreachable)
        reply = post(client, **fields)
    page = reply.get_data(as_text=True)
    assert reply.status_code == 503 and NOT_SAVED in page
    assert "<strong>cv.docx</strong> attached" in page
    token, upload_id = TOKEN.search(page).group(1), KEPT.search(page).group(1)
    assert post(client, token=token, resume=None, pending_upload=upload_id).status_code == 303
    with app.extensions["db"].sessions() as session:
        assert session.scalar(select(Resume.data)) == files.docx_bytes()


def test_a_rate_limited_post_keeps_the_kept_file(config, make_app):
    """429: what was typed comes back, and so does a resume kept before."""
    config.update(FORM_RATE_LIMIT="2/minute")
    client = make_app(config, migrate=True).test_client()
    page = post(client, email="bad@").get_data(as_text=True)
    upload_id = KEPT.search(page).group(1)
    post(client, token=TOKEN.search(page).group(1), email="bad@", resume=None)
    reply = post(client, token=TOKEN.search(page).group(1), resume=None, pending_upload=upload_id)
    page = reply.get_data(as_text=True)
    assert reply.status_code == 429 and "Please send it again in" in page
    assert 'value="ada@example.com"' in page and KEPT.search(page).group(1) == upload_id
    assert "Your resume is still attached" in page


@pytest.mark.parametrize(
    "wrong",
    [(files.EXECUTABLE, "photo.pdf"), (files.pdf_bytes(11 * 1024 * 1024), "big.pdf")],
    ids=["wrong-type", "too-large"],
)
def test_a_refused_new_file_does_not_drop_the_kept_one(app, client, wrong):
    page = post(client, email="bad@").get_data(as_text=True)
    upload_id = KEPT.search(page).group(1)
    reply = post(client, token=TOKEN.search(page).group(1), resume=wrong, pending_upload=upload_id)
    page = reply.get_data(as_text=True)
    assert reply.status_code in (400, 413) and error_for(page, "resume")
    assert "<strong>Ada CV.pdf</strong> attached" in page
    assert KEPT.search(page).group(1) == upload_id
    second = post(client, token=TOKEN.search(page).group(1), resume=None, pending_upload=upload_id)
    assert second.status_code == 303
    with app.extensions["db"].sessions() as session:
        assert session.scalar(select(Resume.data)) == files.pdf_bytes()


OTHER_SITES = {
    "cross-site": {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    "same-site": {"Sec-Fetch-Site": "same-site", "Origin": "http://jobs.localhost"},
    "user-initiated": {"Sec-Fetch-Site": "none"},
    "null-origin": {"Origin": "null"},
    "look-alike-origin": {"Origin": "http://localhost.evil.example"},
    "no-headers": {},
}


@pytest.mark.parametrize("headers", OTHER_SITES.values(), ids=OTHER_SITES.keys())
def test_a_stale_post_from_anywhere_but_our_page_is_not_given_back(app, client, headers):
    """Only our own page gets the second chance: from anywhere else, what was posted is
    neither shown back (a page prefilled by another site) nor kept (a file planted)."""
    reply = post(client, headers, token="")
    page = reply.get_data(as_text=True)
    assert reply.status_code == 400 and "Please open the form again" in page
    assert 'value="Ada"' not in page and pending_rows(app) == 0


def test_a_stale_post_from_our_origin_without_fetch_metadata_is_given_back(app, client):
    reply = post(client, {"Origin": "http://localhost"}, token="")
    assert reply.status_code == 400 and STALE_PAGE in reply.get_data(as_text=True)
    assert pending_rows(app) == 1


def test_a_browser_that_keeps_no_cookies_is_told_so(app, client):
    """A fresh token without its cookie is not an old page: saying "open for a while"
    would send the prospect round the same loop for ever."""
    token = csrf_token(client)
    client.delete_cookie(CSRF_COOKIE)
    reply = post(client, SAME_SITE, token=token)
    page = reply.get_data(as_text=True)
    assert reply.status_code == 400 and NO_COOKIES in page and STALE_PAGE not in page
    assert 'value="ada@example.com"' in page and count_rows(app)["leads"] == 0
