"""Times shown in Slack: date tokens Slack renders in each reader's zone, and "ago"."""

from __future__ import annotations

from datetime import datetime

from db.types import utcnow
from service.durations import duration  # noqa: F401 - Slack's times and spans, one import


def slack_date(moment: datetime) -> str:
    """`<!date…>`: rendered by Slack in the reader's time zone, with a UTC fallback."""
    fallback = moment.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


def ago(moment: datetime, now: datetime | None = None) -> str:
    seconds = max(0, int(((now or utcnow()) - moment).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"
