"""axe-core (bundled by axe-playwright-python) on a page: WCAG 2.0-2.2 A and AA rules and
axe's best practices, target size included."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations", "incomplete"]}
# Rules that must have run (and passed) on every page we check, so that a page where axe
# silently checked nothing cannot pass.
MUST_RUN = {"color-contrast", "document-title", "html-has-lang", "landmark-one-main"}
# Rules axe leaves "to review" rather than failing, that are failures here all the same:
# a name on an element whose role forbids one (the error summary had aria-labelledby on a
# plain div) is not read out.
REVIEW_IS_FAILURE = {"aria-prohibited-attr"}


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
        + [v for v in response["incomplete"] if v["id"] in REVIEW_IS_FAILURE]
    ]


def rules_run(page) -> int:
    response = Axe().run(page, options=OPTIONS).response
    return len(response["passes"]) + len(response["violations"])
