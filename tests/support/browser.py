"""A real Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright
(Playwright's own browsers are not downloaded). Importing this from a test module skips
that module when Chromium or Playwright is missing.

    from tests.support.browser import browser, page, sync_api  # noqa: F401  (fixtures)
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: sync_api.Browser) -> Iterator[sync_api.Page]:
    context = browser.new_context()
    context.set_default_timeout(10000)  # generous: the machine may be busy
    try:
        yield context.new_page()
    finally:
        context.close()


class ConsoleLog:
    """Every console message and uncaught page error of one page."""

    def __init__(self, page: sync_api.Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _console(self, message: sync_api.ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def csp_violations(self) -> list[str]:
        return [text for text in self.errors if "Content Security Policy" in text]


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, from its IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", data[:16]
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def fill(page: sync_api.Page, first: str, last: str, address: str, resume: Path | None) -> None:
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Email").fill(address)
    if resume is not None:
        page.locator("#resume").set_input_files(resume)


def send(page: sync_api.Page) -> sync_api.Response | None:
    """Press the button and wait for the page it leads to; its response."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send application").click()
    return navigation.value
