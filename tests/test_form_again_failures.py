"""When the app, not the prospect, is at fault: a database outage, a failed insert, the
rate limit, or a new file refused beside a kept one. What was typed comes back and the
resume stays attached for the next press."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from db.models import Resume
from tests.conftest import count_rows
from tests.support import files
from tests.support.form import TOKEN, error_for
from tests.support.kept_resume import KEPT, post
from web.form import NOT_SAVED


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
