"""Nothing the prospect gave is lost, in a real Chromium: a mistyped email keeps the
resume (the second submit needs no file), and a page left open past CSRF_MAX_AGE comes
back with everything and a fresh token."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.support.app_database import latest_resume_bytes
from tests.support.app_process import AppProcess
from tests.support.browser import ConsoleLog, fill, send, sync_api
from web.csrf import COOKIE, SALT

pytestmark = pytest.mark.browser
expect = sync_api.expect


def test_a_bad_email_keeps_the_resume_attached(app: AppProcess, page, resume_pdf: Path) -> None:
    console = ConsoleLog(page)
    page.goto(app.base_url + "/")
    fill(page, "Dorothy", "Vaughan", "dorothy@localhost", resume_pdf)
    assert send(page).status == 400
    expect(page.locator("#resume-kept")).to_have_text("cv.pdf attached")
    expect(page.locator("#email")).to_have_value("dorothy@localhost")
    assert page.title() == "Error: Apply"
    # The file input is empty now, and not required: the kept file stands for it.
    assert page.locator("#resume").evaluate("el => el.files.length === 0 && !el.required")

    page.get_by_label("Email").fill("dorothy@example.com")
    response = send(page)
    assert response.status == 200 and page.url.endswith("/thanks")
    expect(page.get_by_text("cv.pdf")).to_be_visible()
    expect(page.get_by_text("dorothy@example.com")).to_be_visible()
    assert latest_resume_bytes(app) == resume_pdf.read_bytes()
    # The script ran under the CSP without an error (a 400 is logged as a failed load).
    assert not [e for e in console.errors if "Failed to load resource" not in e]


def expired_token(secret: str, nonce: str, age: int) -> str:
    """A CSRF token for `nonce`, signed `age` seconds ago (as if the page was left open)."""
    stamp = int(time.time()) - age

    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return stamp

    return URLSafeTimedSerializer(secret, salt=SALT, signer=Then).dumps(nonce)


def test_an_expired_page_keeps_everything(app: AppProcess, page, resume_pdf: Path) -> None:
    page.goto(app.base_url + "/")
    nonce = next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE)
    secret = (app.instance_path / "secret_key").read_text().strip()
    stale = expired_token(secret, nonce, age=5 * 3600)
    page.locator("input[name=csrf_token]").evaluate("(el, token) => { el.value = token; }", stale)
    fill(page, "Mary", "Jackson", "mary@example.com", resume_pdf)
    assert send(page).status == 400

    expect(page.locator("#error-summary")).to_contain_text(
        "This page was open for a while. Please check your details and send again."
    )
    for field, value in [
        ("first_name", "Mary"),
        ("last_name", "Jackson"),
        ("email", "mary@example.com"),
    ]:
        expect(page.locator(f"#{field}")).to_have_value(value)
    expect(page.locator("#resume-kept")).to_have_text("cv.pdf attached")
    assert page.locator("input[name=csrf_token]").input_value() != stale

    assert send(page).status == 200 and page.url.endswith("/thanks")
    assert latest_resume_bytes(app) == resume_pdf.read_bytes()


def test_another_browser_cannot_use_the_kept_file(app: AppProcess, browser, resume_pdf) -> None:
    first = browser.new_context().new_page()
    first.goto(app.base_url + "/")
    fill(first, "Ada", "Lovelace", "ada@nowhere", resume_pdf)
    send(first)
    upload_id = first.locator("input[name=pending_upload]").input_value()
    other = browser.new_context().new_page()
    other.goto(app.base_url + "/")
    fill(other, "Eve", "Spy", "eve@example.com", None)
    other.locator("form").evaluate(
        "(form, id) => form.insertAdjacentHTML('beforeend', "
        "`<input type=hidden name=pending_upload value=${id}>`)",
        upload_id,
    )
    assert send(other).status == 400
    expect(other.locator("#resume-error")).to_contain_text("choose your resume again")
    first.context.close()
    other.context.close()
