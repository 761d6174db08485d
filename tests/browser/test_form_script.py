"""The form's small script (web/static/form.js) and the form without it: a 12 MB file is
refused before upload, or by the server with the form given back; the button ignores a
second press; a keyboard alone completes the form, focus landing on the error summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.app_process import AppProcess
from tests.support.browser import ConsoleLog, fill, send, sync_api

pytestmark = pytest.mark.browser
expect = sync_api.expect
TOO_LARGE = "The file is larger than 10 MB. Please choose a smaller file."


def posts_to_form(page: sync_api.Page) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    return sent


def test_a_12_mb_file_is_caught_before_upload(app: AppProcess, page, twelve_mb_pdf: Path) -> None:
    console = ConsoleLog(page)
    sent = posts_to_form(page)
    page.goto(app.base_url + "/")
    fill(page, "Ada", "Lovelace", "ada@example.com", twelve_mb_pdf)
    error = page.locator("#resume-error")
    expect(error).to_have_text(f"Error: {TOO_LARGE}")  # on choosing the file, at once
    expect(page.get_by_role("status")).to_have_text(f"Error: {TOO_LARGE}")  # a live region
    page.get_by_role("button", name="Send application").click()
    expect(page.locator("#resume")).to_be_focused()
    expect(page.locator("#resume")).to_have_attribute("aria-describedby", "resume-error")
    page.wait_for_timeout(300)  # room for a request that must not happen
    assert sent == [] and page.url == app.base_url + "/"
    assert console.csp_violations() == []


def test_a_12_mb_file_without_the_script(app: AppProcess, browser, twelve_mb_pdf) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(app.base_url + "/")
        fill(page, "Ada", "Lovelace", "ada@example.com", twelve_mb_pdf)
        response = send(page)
        assert response.status == 413
        expect(page.locator("#resume-error")).to_have_text(f"Error: {TOO_LARGE}")
        expect(page.locator("#error-summary a[href='#resume']")).to_have_text(TOO_LARGE)
        expect(page.locator("#first_name")).to_have_value("Ada")
        expect(page.locator("#email")).to_have_value("ada@example.com")
        # autofocus works without the script
        assert page.evaluate("document.activeElement.id") == "error-summary"
    finally:
        context.close()


# The second press comes while the first post is on its way (held below).
TWO_PRESSES = """() => {
    const button = document.querySelector("button[type=submit]");
    button.click();
    setTimeout(() => button.click(), 300);
}"""


def test_a_second_press_sends_nothing_more(app: AppProcess, page, resume_pdf: Path) -> None:
    page.goto(app.base_url + "/")
    fill(page, "Ada", "Lovelace", "double@example.com", resume_pdf)
    held: list[sync_api.Route] = []  # posts held on their way, as on a slow connection
    page.route("**/", lambda route: held.append(route))
    page.evaluate(TWO_PRESSES)
    page.wait_for_timeout(1000)  # room for a second post that must not come
    assert [route.request.method for route in held] == ["POST"]
    for route in held:
        route.abort()


STATE = """form => {
    form.requestSubmit();
    const button = form.querySelector("button[type=submit]");
    const status = document.getElementById("form-status");
    return [button.textContent, button.getAttribute("aria-disabled"), status.textContent];
}"""


def test_the_button_says_it_is_sending(app: AppProcess, page, resume_pdf: Path) -> None:
    page.goto(app.base_url + "/")
    fill(page, "Ada", "Lovelace", "ada@example.com", resume_pdf)
    with page.expect_navigation():
        state = page.locator("form").evaluate(STATE)  # as the request leaves
    assert state == ["Sending…", "true", "Sending your application…"]


def test_keyboard_only_with_focus_on_the_summary(app: AppProcess, page, resume_pdf) -> None:
    page.goto(app.base_url + "/")
    keyboard = page.keyboard
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "first_name"
    keyboard.type("Katherine")
    keyboard.press("Tab")
    keyboard.type("Johnson")
    keyboard.press("Tab")
    keyboard.type("katherine@")  # a mistake
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "resume"
    _choose_with_space(page, resume_pdf)
    keyboard.press("Tab")
    with page.expect_navigation():
        keyboard.press("Enter")

    # Focus lands on the summary; its link takes focus to the field; the fix is sent.
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary h2")).to_have_text("There is a problem")
    keyboard.press("Tab")
    expect(page.locator("#error-summary a[href='#email']")).to_be_focused()
    keyboard.press("Enter")
    expect(page.locator("#email")).to_be_focused()
    keyboard.press("End")
    keyboard.type("example.com")
    keyboard.press("Tab")  # the file input: the kept file stands, skip it
    keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send application")).to_be_focused()
    with page.expect_navigation():
        keyboard.press("Enter")
    assert page.url.endswith("/thanks")
    expect(page.get_by_text("katherine@example.com")).to_be_visible()


def _choose_with_space(page, path) -> None:
    """Space on the focused file input opens the file chooser. On a loaded machine
    Chromium has been seen to drop that key press: the person would press it again."""
    for attempt in (1, 2):
        try:
            with page.expect_file_chooser(timeout=5000 * attempt) as chooser:
                page.keyboard.press("Space")
        except sync_api.TimeoutError:
            if attempt == 2:
                raise
            continue
        chooser.value.set_files(path)
        return
