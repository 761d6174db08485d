"""How long something took, in words people read: "45 min", "3 h 05 min", "4 days 2 h".

Shared by Slack messages (slackkit) and the operator's commands (web/), which may not
import slackkit."""

from __future__ import annotations

from datetime import timedelta


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
