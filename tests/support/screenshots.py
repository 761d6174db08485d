"""The README's screenshots: the form as it comes, and branded.

    .venv/bin/python -m tests.support.screenshots docs/

Runs the real app (tests/support/app_process.py) and Debian's Chromium, like the browser
tests, and writes docs/form-default.png and docs/form-branded.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.support.app_process import AppProcess
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="220" height="48" viewBox="0 0 220 48">
<rect width="48" height="48" rx="8" fill="#7c2d12"/>
<text x="24" y="31" text-anchor="middle" font-family="Georgia, serif" font-size="18"
 fill="#fff">S&amp;J</text>
<text x="60" y="31" font-family="Georgia, serif" font-size="20"
 fill="#1f2933">Smith &amp; Jones</text>
</svg>"""
BRANDED = {
    "FIRM_NAME": "Smith & Jones LLP",
    "ACCENT_COLOR": "#7c2d12",
    "CONTACT_EMAIL": "careers@smith-jones.example",
    "REPLY_WITHIN": "two working days",
    "PRIVACY_POLICY_URL": "https://smith-jones.example/privacy",
}


def shoot(folder: Path, out: Path, env: dict[str, str]) -> None:
    with AppProcess(folder, env) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 720, "height": 900})
        page.goto(app.base_url + "/")
        page.screenshot(path=str(out), full_page=True)
        browser.close()


def main(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shoot(root / "default", target / "form-default.png", {})
        (root / "logo.svg").write_text(LOGO)
        shoot(
            root / "branded",
            target / "form-branded.png",
            {**BRANDED, "FIRM_LOGO": str(root / "logo.svg")},
        )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
