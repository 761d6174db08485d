"""Fixtures of the browser tests: Chromium (tests/support/browser.py), the app in its own
process, resume files on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.app_process import AppProcess
from tests.support.browser import browser, page  # noqa: F401  (fixtures)
from tests.support.files import pdf_bytes

MB = 1000 * 1000


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppProcess]:
    with AppProcess(tmp_path_factory.mktemp("browser-app")) as process:
        yield process


@pytest.fixture
def resume_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "cv.pdf"
    path.write_bytes(pdf_bytes(4096))
    return path


@pytest.fixture
def twelve_mb_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "big.pdf"
    path.write_bytes(pdf_bytes(12 * MB))
    return path
