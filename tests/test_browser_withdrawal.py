"""The withdrawal link in a real Chromium against the real app process: the emailed link
opens a page naming only the first name, its one button erases, a second visit says the
application was already withdrawn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.app_process import AppProcess
from tests.support.browser import browser, page, sync_api  # noqa: F401  (fixtures)
from tests.support.http_client import apply
from tests.test_privacy_processes import emailed_link

pytestmark = pytest.mark.browser


@pytest.fixture
def app(tmp_path: Path) -> Iterator[AppProcess]:
    process = AppProcess(tmp_path)
    process.env["PUBLIC_BASE_URL"] = process.base_url
    with process:
        yield process


def test_withdrawing_from_the_emailed_link(app: AppProcess, page: sync_api.Page) -> None:  # noqa: F811
    apply(app, "Grace", "Hopper", "grace@example.com")
    link = emailed_link(app)
    assert link.startswith(app.base_url + "/withdraw/")
    page.goto(link)
    assert "Grace" in page.content() and "Hopper" not in page.content()
    assert "grace@example.com" not in page.content()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Withdraw and delete my application").click()
    assert navigation.value is not None and navigation.value.status == 200
    sync_api.expect(page.get_by_role("heading", name="Application withdrawn")).to_be_visible()
    page.goto(link)
    sync_api.expect(page.get_by_role("heading", name="Already withdrawn")).to_be_visible()
    assert "Grace" not in page.content()
    assert page.goto(link[:-3] + "abc").status == 404
    assert not list(app.mail_dir.glob("*.eml"))  # the confirmation's copy went too
    token = link.rsplit("/", 1)[1]
    assert "/withdraw/[redacted]" in app.output() and token not in app.output()
