"""Business hours (`BUSINESS_HOURS=Mon-Fri 09:00-17:30`, in `TIMEZONE`) and how much of a
span of time falls inside them.

Reminder clocks count only business time: `due_at(start, minutes)` is the moment when
`minutes` of open time have passed since `start`, so a reminder never falls at night; it
waits for opening time. Days are walked in the zone's wall time, so a daylight-saving
change moves opening time with the clock, as people expect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EXAMPLE = "for example BUSINESS_HOURS=Mon-Fri 09:00-17:30"
SPEC = re.compile(r"(\w{3})(?:-(\w{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")
DAYS_SEARCHED = 3700  # ten years of calendar: a week with no open day is refused anyway


@dataclass(frozen=True)
class BusinessHours:
    days: frozenset[int]  # 0 = Monday
    opens: time
    closes: time
    zone: ZoneInfo
    every_hour: bool = False  # BUSINESS_HOURS unset

    def is_business_day(self, day: date) -> bool:
        """One of BUSINESS_HOURS' days (every day when it is unset)."""
        return day.weekday() in self.days

    def due_at(self, start: datetime, minutes: float) -> datetime:
        remaining = timedelta(minutes=minutes)
        if self.every_hour:
            return start + remaining
        day = start.astimezone(self.zone).date()
        for _ in range(DAYS_SEARCHED):
            if day.weekday() in self.days:
                opens = datetime.combine(day, self.opens, self.zone)
                closes = datetime.combine(day, self.closes, self.zone)
                begin = max(opens, start.astimezone(self.zone))
                if begin < closes:
                    if remaining <= closes - begin:
                        return (begin + remaining).astimezone(UTC)
                    remaining -= closes - begin
            day += timedelta(days=1)
        raise ValueError("no business hours found")  # unreachable with a valid spec


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}; an IANA name, e.g. Europe/Paris") from None


def parse(spec: str, zone_name: str = "UTC") -> BusinessHours:
    """`Mon-Fri 09:00-17:30` (or one day, `Sat 10:00-14:00`); ValueError with an example."""
    match = SPEC.fullmatch(spec.strip())
    if not match:
        raise ValueError(f"cannot read {spec!r}: {EXAMPLE}")
    first, last, oh, om, ch, cm = match.groups()
    try:
        start, end = DAYS.index(first.lower()), DAYS.index((last or first).lower())
        opens, closes = time(int(oh), int(om)), time(int(ch), int(cm))
    except ValueError:
        raise ValueError(f"cannot read {spec!r}: {EXAMPLE}") from None
    if closes <= opens:
        raise ValueError(f"closing time must follow opening time in {spec!r}: {EXAMPLE}")
    days = range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)]
    return BusinessHours(frozenset(days), opens, closes, zone(zone_name))


CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def time_of_day(text: str) -> time:
    """`HH:MM` (24-hour clock), e.g. DIGEST_AT=08:30; ValueError with an example."""
    match = CLOCK.fullmatch(text.strip())
    try:
        if not match:
            raise ValueError
        return time(int(match[1]), int(match[2]))
    except ValueError:
        raise ValueError(f"cannot read {text!r}: HH:MM on a 24-hour clock, e.g. 08:30") from None


def always(zone_name: str = "UTC") -> BusinessHours:
    """Every hour of every day: BUSINESS_HOURS unset."""
    return BusinessHours(frozenset(range(7)), time(0, 0), time.max, zone(zone_name), True)
