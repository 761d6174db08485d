"""axe on every state of the prospect's pages: 0 violations on the form, its error
states, the thank-you page and each error page (400, 404, 410, 413, 429, 500, 503), with
the firm's branding and without."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.axe import violations
from tests.support.app_process import AppProcess
from tests.support.browser import fill, send, sync_api
from tests.support.error_pages import render_all

pytestmark = pytest.mark.browser
BRAND = {
    "FIRM_NAME": "Smith & Jones LLP",
    "ACCENT_COLOR": "#7c2d12",
    "CONTACT_EMAIL": "jobs@smith.example",
    "REPLY_WITHIN": "two working days",
}
LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40">'
    b'<rect width="160" height="40" fill="#7c2d12"/></svg>'
)


@pytest.fixture(scope="module", params=["plain", "branded"])
def site(request, tmp_path_factory) -> Iterator[tuple[AppProcess, dict]]:
    tmp = tmp_path_factory.mktemp(f"axe-{request.param}")
    env = {"FORM_RATE_LIMIT": "1000/minute"}
    if request.param == "branded":
        (tmp / "logo.svg").write_bytes(LOGO)
        env |= {**BRAND, "FIRM_LOGO": str(tmp / "logo.svg")}
    with AppProcess(tmp / "app", env) as process:
        yield process, env


def clean(page: sync_api.Page, state: str) -> None:
    found = violations(page)
    print(f"axe {state}: {len(found)} violation(s)")  # the figure the docs quote
    assert found == [], f"{state}:\n" + "\n".join(found)


def test_the_form_and_its_states(site, page, resume_pdf: Path, twelve_mb_pdf: Path) -> None:
    app, _ = site
    page.goto(app.base_url + "/")
    clean(page, "form")
    fill(page, "Ada", "Lovelace", "ada@nowhere", resume_pdf)
    send(page)
    clean(page, "form with errors and a kept resume")
    page.locator("#resume").set_input_files(twelve_mb_pdf)
    clean(page, "file too large (script)")
    page.locator("#resume").set_input_files([])
    page.get_by_label("Email").fill("ada@example.com")
    send(page)
    assert page.url.endswith("/thanks")
    clean(page, "thank-you page")


def test_a_phone_width(site, browser, resume_pdf) -> None:
    app, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(app.base_url + "/")
        fill(page, "", "", "", None)
        send(page)
        clean(page, "phone, every field missing")
    finally:
        context.close()


@pytest.fixture(scope="module")
def error_pages(site, tmp_path_factory) -> dict:
    _, env = site
    with pytest.MonkeyPatch.context() as monkeypatch:
        return render_all(tmp_path_factory.mktemp("pages"), monkeypatch, env)


@pytest.mark.parametrize("status", [400, 404, 410, 413, 429, 500, 503])
def test_each_error_page(site, error_pages, page, status) -> None:
    """The app's own bytes for each error, served at the running app's address so that its
    stylesheet, logo and Content-Security-Policy apply as they would."""
    app, _ = site
    html, headers = error_pages[status]
    url = f"{app.base_url}/error-{status}"
    csp = headers["Content-Security-Policy"]
    page.route(
        url,
        lambda route: route.fulfill(
            status=status,
            body=html,
            content_type="text/html",
            headers={"Content-Security-Policy": csp},
        ),
    )
    page.goto(url)
    assert page.locator("link[rel=stylesheet]").count() == 2
    back = page.get_by_role("link", name="Back to the form")
    if status != 429:
        sync_api.expect(back).to_have_attribute("href", "/")
    clean(page, f"{status} page")
