"""The form in a real Chromium (Playwright) against the real app in its own process.

Uses Debian's Chromium at /usr/bin/chromium (Playwright's own browsers are not
downloaded); the module is skipped when it is missing.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.app_process import AppProcess
from tests.support.browser import (  # noqa: F401  (browser, page: fixtures)
    ConsoleLog,
    browser,
    fill,
    page,
    png_size,
    sync_api,
)
from tests.support.files import pdf_bytes

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCALE = 2  # device pixels per CSS pixel


def test_submitting_the_form_shows_thanks(
    app: AppProcess,
    page: sync_api.Page,  # noqa: F811
    resume_pdf: Path,
) -> None:
    console = ConsoleLog(page)
    page.goto(app.base_url + "/")
    fill(page, "Katherine", "Johnson", "katherine@example.com", resume_pdf)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send application").click()

    assert navigation.value is not None and navigation.value.status == 200
    assert page.url.endswith("/thanks")
    sync_api.expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert console.csp_violations() == []


def test_email_the_browser_accepts_but_server_rejects(
    app: AppProcess,
    page: sync_api.Page,  # noqa: F811
    resume_pdf: Path,
) -> None:
    page.goto(app.base_url + "/")
    fill(page, "Dorothy", "Vaughan", "someone@localhost", resume_pdf)
    email_input = page.locator("#email")
    # HTML5 validation lets it through, so only the server can catch it.
    assert email_input.evaluate("el => el.checkValidity()") is True
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send application").click()

    assert navigation.value is not None and navigation.value.status == 400
    assert urlsplit(page.url).path == "/"
    error = page.locator("#email-error")
    sync_api.expect(error).to_be_visible()
    sync_api.expect(error).to_contain_text("valid email address")
    sync_api.expect(email_input).to_have_attribute("aria-invalid", "true")
    sync_api.expect(email_input).to_have_attribute("aria-describedby", "email-error")
    # The message sits in the email field's own block, right under the input.
    assert error.evaluate("el => el.closest('.field').querySelector('input').id") == "email"
    sync_api.expect(page.locator("#first_name")).to_have_value("Dorothy")
    sync_api.expect(page.locator("#last_name")).to_have_value("Vaughan")
    sync_api.expect(email_input).to_have_value("someone@localhost")
    # Only the email is wrong.
    assert page.locator(".error").count() == 1


def test_form_on_a_phone(app: AppProcess, browser: sync_api.Browser) -> None:  # noqa: F811
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=SCALE, is_mobile=True, has_touch=True
    )
    try:
        phone = context.new_page()
        console = ConsoleLog(phone)
        response = phone.goto(app.base_url + "/")
        assert response is not None and response.status == 200
        assert "style-src 'self'" in (response.headers.get("content-security-policy") or "")
        phone.wait_for_load_state("load")

        # The stylesheet loaded under the CSP, and nothing is wider than the screen.
        button = phone.get_by_role("button", name="Send application")
        assert button.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(29, 78, 216)"
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # The whole page as drawn: the phone's width in device pixels (nothing wider
        # than the screen), at least a screen high.
        width, height = png_size(phone.screenshot(full_page=True))
        assert width == PHONE["width"] * SCALE
        assert height >= PHONE["height"] * SCALE

        assert console.csp_violations() == [], console.errors
    finally:
        context.close()


def test_the_honeypot_is_neither_shown_nor_reachable(
    app: AppProcess,
    page: sync_api.Page,  # noqa: F811
) -> None:
    from web.form import HONEYPOT

    page.goto(app.base_url + "/")
    honeypot = page.locator(f"#{HONEYPOT}")
    assert honeypot.count() == 1
    sync_api.expect(honeypot).to_be_hidden()
    focused = []
    for _ in range(8):  # more stops than the form has
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert "first_name" in focused and "email" in focused
    assert HONEYPOT not in focused


def test_a_resume_link_clicked_on_another_site_downloads_the_file(
    app: AppProcess,
    page: sync_api.Page,  # noqa: F811
) -> None:
    """As from Slack: the link's 303 sets a SameSite=Lax grant that the redirect carries."""
    from sqlalchemy import create_engine, func, select

    from db.models import Resume
    from service.resume_links import make_url
    from tests.support.http_client import apply

    apply(app, "Mary", "Jackson", "mary@example.com")
    engine = create_engine(f"sqlite:///{app.tmp / 'leads.sqlite3'}")
    with engine.connect() as connection:
        newest = select(func.max(Resume.id)).scalar_subquery()
        lead_id, resume_id = connection.execute(
            select(Resume.lead_id, Resume.id).where(Resume.id == newest)
        ).one()
    engine.dispose()
    secret = (app.instance_path / "secret_key").read_text().strip()
    url = make_url(secret, app.base_url, lead_id, resume_id)
    page.set_content(f'<a href="{url}">Resume</a>')  # about:blank, not the app's site
    with page.expect_download() as info:
        page.get_by_role("link", name="Resume").click()
    download = info.value
    assert urlsplit(download.url).path == f"/resumes/download/{lead_id}/{resume_id}"
    assert Path(download.path()).read_bytes() == pdf_bytes(2048)
    assert download.suggested_filename == "resume-Mary-Jackson.pdf"
