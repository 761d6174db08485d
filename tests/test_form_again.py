"""Nothing the prospect gave is lost: the form comes back with what was typed and the
resume kept (a pending upload bound to the browser), after a mistyped field, a page left
open past CSRF_MAX_AGE, a busy minute; the second post succeeds without the file."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Resume
from tests.conftest import count_rows
from tests.support import files
from tests.support.clock import tokens_later
from tests.support.form import TOKEN, csrf_token, error_for
from tests.support.kept_resume import KEPT, SAME_SITE, pending_rows, post
from web.csrf import COOKIE as CSRF_COOKIE
from web.form_input import LOST_FILE, NO_COOKIES, STALE_PAGE
from web.pending import COOKIE


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
