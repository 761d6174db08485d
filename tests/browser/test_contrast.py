"""Non-text contrast (WCAG 2.2 1.4.11), which axe does not measure: the focus ring and
the edges of the form's controls against what surrounds them, from computed styles,
by WCAG's formula (config/colors.py), at least 3:1."""

from __future__ import annotations

import re

import pytest

from config.colors import NON_TEXT_MINIMUM, contrast
from tests.support.app_process import AppProcess
from tests.support.browser import fill, send, sync_api

pytestmark = pytest.mark.browser

# The colour an element sits on: the first ancestor (itself excluded) with a background.
SURROUNDING = """el => {
    for (let node = el.parentElement; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") { return colour; }
    }
    return "rgb(255, 255, 255)";
}"""
RGB = re.compile(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)")


def rgb(css: str) -> tuple[int, int, int]:
    match = RGB.fullmatch(css)
    assert match and (match.group(4) in (None, "1")), f"not an opaque colour: {css}"
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def style(locator: sync_api.Locator, prop: str) -> str:
    return locator.evaluate(f"el => getComputedStyle(el).{prop}")


def measured(name: str, colour: str, against: str) -> float:
    ratio = contrast(rgb(colour), rgb(against))
    print(f"contrast {name}: {colour} on {against} = {ratio:.2f}:1")
    return ratio


def focus_ring(page: sync_api.Page, selector: str) -> float:
    """Focus `selector` from the keyboard's side and measure its outline."""
    element = page.locator(selector)
    element.focus()
    assert float(style(element, "outlineWidth").removesuffix("px")) >= 2
    assert style(element, "outlineStyle") == "solid"
    return measured(
        f"focus ring of {selector}", style(element, "outlineColor"), element.evaluate(SURROUNDING)
    )


def edge(page: sync_api.Page, selector: str) -> float:
    element = page.locator(selector)
    assert float(style(element, "borderTopWidth").removesuffix("px")) >= 1
    around = element.evaluate(SURROUNDING)
    return min(
        measured(f"border of {selector}", style(element, "borderTopColor"), around),
        measured(
            f"border of {selector} (inside)",
            style(element, "borderTopColor"),
            style(element, "backgroundColor").replace("rgba(0, 0, 0, 0)", around),
        ),
    )


@pytest.mark.parametrize("selector", ["#first_name", "#email", "#resume", "button[type=submit]"])
def test_the_focus_ring(app: AppProcess, page, selector) -> None:
    page.goto(app.base_url + "/")
    assert focus_ring(page, selector) >= NON_TEXT_MINIMUM


@pytest.mark.parametrize("selector", ["#first_name", "#last_name", "#email", "#resume"])
def test_the_input_borders(app: AppProcess, page, selector) -> None:
    page.goto(app.base_url + "/")
    assert edge(page, selector) >= NON_TEXT_MINIMUM


def test_the_error_state(app: AppProcess, page, resume_pdf) -> None:
    page.goto(app.base_url + "/")
    fill(page, "Ada", "Lovelace", "ada@nowhere", resume_pdf)
    send(page)
    assert edge(page, "#email") >= NON_TEXT_MINIMUM
    assert focus_ring(page, "#error-summary") >= NON_TEXT_MINIMUM
    assert focus_ring(page, "#error-summary a") >= NON_TEXT_MINIMUM
    button = page.locator("button[type=submit]")
    # The button is told from the card by its fill.
    fill_ratio = measured(
        "button fill", style(button, "backgroundColor"), button.evaluate(SURROUNDING)
    )
    assert fill_ratio >= NON_TEXT_MINIMUM


def test_targets_are_at_least_24_px(app: AppProcess, page, resume_pdf) -> None:
    page.goto(app.base_url + "/")
    fill(page, "Ada", "Lovelace", "ada@nowhere", resume_pdf)
    send(page)
    for selector in ["#first_name", "#resume", "button[type=submit]", "#error-summary a"]:
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["height"] >= 24 and box["width"] >= 24, (selector, box)
