"""Colours as WCAG 2.2 measures them: relative luminance and contrast ratio.

Used at start-up to refuse an ACCENT_COLOR that white text cannot be read on, and by the
browser tests to measure the form's non-text contrasts (focus ring, input borders).
"""

from __future__ import annotations

import re

HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
# WCAG 2.2 1.4.3: normal text needs 4.5:1; 1.4.11: user-interface components need 3:1.
TEXT_MINIMUM = 4.5
NON_TEXT_MINIMUM = 3.0
WHITE = (255, 255, 255)


def parse_hex(value: str) -> tuple[int, int, int]:
    """`#1d4ed8` or `#14d` (the `#` optional) -> (29, 78, 216); ValueError otherwise."""
    match = HEX.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"{value!r} is not a colour like #1d4ed8")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{channel:02x}" for channel in rgb)


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG 2.2's definition, sRGB)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(channel) for channel in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """The contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
