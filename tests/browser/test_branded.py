"""The firm's own page and email in a real Chromium against the real app: with every
branding setting (FIRM_NAME, FIRM_LOGO, ACCENT_COLOR, CONTACT_EMAIL, REPLY_WITHIN) and
with none, from the form to the confirmation email."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest

from tests.support.app_process import AppProcess
from tests.support.browser import ConsoleLog, fill, send, sync_api
from tests.support.polling import until

pytestmark = pytest.mark.browser
expect = sync_api.expect
FIRM = "Smith & Jones LLP"
ACCENT = "#7c2d12"
LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40">'
    b'<rect width="160" height="40" fill="#7c2d12"/></svg>'
)


def branded_env(folder: Path) -> dict[str, str]:
    (folder / "logo.svg").write_bytes(LOGO)
    return {
        "FIRM_NAME": FIRM,
        "FIRM_LOGO": str(folder / "logo.svg"),
        "ACCENT_COLOR": ACCENT,
        "CONTACT_EMAIL": "jobs@smith.example",
        "REPLY_WITHIN": "two working days",
        "MAIL_FROM": "Hiring <hiring@smith.example>",
    }


@pytest.fixture(params=["branded", "plain"])
def site(request, tmp_path: Path) -> Iterator[tuple[AppProcess, bool]]:
    branded = request.param == "branded"
    env = branded_env(tmp_path) if branded else {}
    with AppProcess(tmp_path / "app", env) as process:
        yield process, branded


def the_email(app: AppProcess) -> email.message.EmailMessage:
    until(lambda: list(app.mail_dir.glob("*.eml")), "the confirmation email", timeout=15)
    (path,) = app.mail_dir.glob("*.eml")
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def test_from_the_form_to_the_email(site, page, resume_pdf: Path) -> None:
    app, branded = site
    console = ConsoleLog(page)
    page.goto(app.base_url + "/")
    heading = f"Apply to {FIRM}" if branded else "Apply"
    assert page.title() == heading
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    button = page.get_by_role("button", name="Send application")
    colour = button.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == ("rgb(124, 45, 18)" if branded else "rgb(29, 78, 216)")
    logo = page.locator("img.logo")
    footer = page.locator("footer")
    if branded:
        expect(logo).to_have_attribute("alt", FIRM)
        assert logo.evaluate("img => img.complete && img.naturalWidth") == 160  # it loaded
        expect(footer).to_contain_text(FIRM)
        expect(footer.get_by_role("link", name="jobs@smith.example")).to_be_visible()
    else:
        assert logo.count() == 0 and footer.count() == 0

    fill(page, "Ada", "Lovelace", "ada@example.com", resume_pdf)
    send(page)
    thanks = page.locator("main")
    expect(thanks).to_contain_text("cv.pdf")
    expect(thanks).to_contain_text("ada@example.com")
    if branded:
        expect(thanks).to_contain_text("We will answer within two working days.")
        expect(thanks.get_by_role("link", name="jobs@smith.example")).to_be_visible()
    else:
        expect(thanks).to_contain_text("Someone from our team will be in touch.")
    assert console.csp_violations() == []

    message = the_email(app)
    text = message.get_body(("plain",)).get_content()
    assert "your resume, cv.pdf." in text and "at this address, ada@example.com." in text
    if branded:
        assert message["Subject"] == f"{FIRM}: we received your application"
        assert message["From"].addresses[0].display_name == FIRM
        assert "within two working days." in text and "jobs@smith.example" in text
    else:
        assert message["Subject"] == "We received your application"
        assert str(message["From"]) == "Hiring <hiring@localhost>"
        assert "Questions?" not in text
