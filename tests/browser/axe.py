"""axe-core (bundled by axe-playwright-python) on a page: WCAG 2.0-2.2 A and AA rules and
axe's best practices, target size included."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
# Rules that must have run (and passed) on every page we check, so that a page where axe
# silently checked nothing cannot pass.
MUST_RUN = {"color-contrast", "document-title", "html-has-lang", "landmark-one-main"}


def violations(page) -> list[str]:
    """One line per violation: rule, impact, and the elements it names."""
    response = Axe().run(page, options=OPTIONS).response
    ran = {rule["id"] for rule in response["passes"]} | {
        rule["id"] for rule in response["violations"]
    }
    assert ran >= MUST_RUN, f"axe did not run {sorted(MUST_RUN - ran)}"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"])
        for v in response["violations"]
    ]


def rules_run(page) -> int:
    response = Axe().run(page, options=OPTIONS).response
    return len(response["passes"]) + len(response["violations"])
