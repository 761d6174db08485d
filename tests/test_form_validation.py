"""Every validation rule of the form: a clear message beside the field, nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Resume
from tests.conftest import NOTHING, count_rows
from tests.support import files
from tests.support.form import error_for, post_application


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Please enter your first name."),
        ({"first_name": "   "}, "first_name", "Please enter your first name."),
        ({"last_name": ""}, "last_name", "Please enter your last name."),
        ({"last_name": "x" * 101}, "last_name", "under 100 characters"),
        ({"first_name": "x" * 5000}, "first_name", "under 100 characters"),
        ({"first_name": "Ada\x00"}, "first_name", "letters, spaces and punctuation"),
        ({"last_name": "Love\nlace"}, "last_name", "letters, spaces and punctuation"),
        ({"last_name": "Love\u202elace"}, "last_name", "letters, spaces and punctuation"),
        ({"email": ""}, "email", "Please enter your email address."),
        ({"email": "not-an-email"}, "email", "valid email address"),
        ({"email": "someone@localhost"}, "email", "valid email address"),
        ({"email": "ada@example.com\r\nBcc: x@example.com"}, "email", "valid email address"),
        ({"email": "a" * 250 + "@example.com"}, "email", "valid email address"),
        ({"resume": None}, "resume", "Please attach your resume"),
        ({"resume": (b"", "empty.pdf")}, "resume", "The file is empty"),
        ({"resume": (files.EXECUTABLE, "cv.pdf")}, "resume", "PDF or Word document"),
        ({"resume": (files.HTML, "cv.pdf")}, "resume", "PDF or Word document"),
        ({"resume": (files.zip_not_docx_bytes(), "cv.docx")}, "resume", "PDF or Word document"),
        ({"resume": (files.ole2_not_word_bytes(), "cv.doc")}, "resume", "PDF or Word document"),
        ({"resume": (b"plain text resume", "cv.txt")}, "resume", "PDF or Word document"),
    ],
)
def test_bad_input_is_refused_with_its_message(app, client, overrides, field, message):
    response = post_application(client, **overrides)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in (error_for(page, field) or "")
    assert count_rows(app) == NOTHING


def test_typed_values_are_kept_after_an_error(client):
    response = post_application(client, first_name="Grace", last_name="Hopper", email="bad@")
    page = response.get_data(as_text=True)
    assert 'value="Grace"' in page
    assert 'value="Hopper"' in page
    assert 'value="bad@"' in page
    assert 'aria-invalid="true" aria-describedby="email-error"' in page


@pytest.mark.parametrize("size", [10 * 1024 * 1024 + 1, 12 * 1000 * 1000, 30 * 1024 * 1024])
def test_one_cap_one_answer_however_far_over(app, client, size):
    """Just over the cap or far over it: the form again, with what was typed and the
    message beside the file field, never a bare error page."""
    response = post_application(
        client,
        first_name="Grace",
        email="grace@example.com",
        resume=(files.pdf_bytes(size), "big.pdf"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "The file is larger than 10 MB" in error_for(page, "resume")
    assert 'value="Grace"' in page and 'value="grace@example.com"' in page
    assert "There is a problem" in page
    assert count_rows(app) == NOTHING


@pytest.mark.parametrize(
    ("content", "kind"),
    [(files.pdf_bytes(), "pdf"), (files.doc_bytes(), "doc"), (files.docx_bytes(), "docx")],
)
def test_each_resume_type_is_recognised_by_content(app, client, session, content, kind):
    response = post_application(client, resume=(content, "resume.bin"))
    assert response.status_code == 303
    assert session.scalar(select(Resume.kind)) == kind


def test_a_path_in_the_filename_never_becomes_a_path(app, client, tmp_path):
    traversal = "../../etc/passwd.pdf"
    app.extensions["settings"].attorney_email = "partner@example.com"  # the resume is mailed
    response = post_application(client, resume=(files.pdf_bytes(), traversal))
    assert response.status_code == 303
    with app.extensions["db"].sessions() as session:
        assert session.scalar(select(Resume.filename)) == "passwd.pdf"
    # Everything the app does with a resume, here: the notice with it attached, written
    # with the confirmation as .eml files (SMTP_HOST is not set).
    assert app.extensions["worker"].drain() == 2
    instance = tmp_path / "instance"
    folders = {path.parent for path in instance.rglob("*") if path.is_file()}
    assert instance / "mail" in folders
    # The path, taken from any folder the app wrote in (or the working directory), leads
    # nowhere; and no file of that name was written anywhere under this test's folders.
    for folder in folders | {Path.cwd()}:
        assert not (folder / traversal).resolve().exists(), folder
    assert not list(tmp_path.parent.rglob("passwd.pdf"))
