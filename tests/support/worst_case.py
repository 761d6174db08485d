"""The longest, most escape-laden input the form accepts: what every Slack message must
survive. Each character of NAME escapes to 4 or 5 (`&amp;`, `&lt;`)."""

from __future__ import annotations

from service.application import FILENAME_MAX, NAME_MAX

NAME = ("&<" * NAME_MAX)[:NAME_MAX]
EMAIL = "&" * 64 + "@" + "a" * 63 + "." + "b" * 63 + "." + "c" * 57 + ".com"  # 254
FILENAME = ("<&" * FILENAME_MAX)[: FILENAME_MAX - 4] + ".pdf"
SEARCH = ("&<" * 100)[:200]  # bot/leads_command.py TEXT_MAX


def email(n: int) -> str:
    """Another address as long as EMAIL, for lead `n` (0 to 9)."""
    return EMAIL[: -len("0.com")] + f"{n}.com"
