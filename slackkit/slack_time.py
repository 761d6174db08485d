"""Times shown in Slack: date tokens Slack renders in each reader's zone, and "ago"."""

from __future__ import annotations

from datetime import datetime, timedelta

from db.types import utcnow


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


def duration(value: timedelta | None) -> str:
    """A span for people: "45 min", "3 h 05 min", "4 days 2 h"; "—" for none."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    return f"{hours // 24} days {hours % 24} h"
