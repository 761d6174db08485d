"""`/leads stats`: where the leads stand, and how fast the team answers them.

Times are measured over leads that arrived in the last 30 days (or another `window`: the
morning digest also asks for 7): to claim (the first time
anyone owned it: a claim, an assignment, or reaching out to an unclaimed lead) and to
first contact (the first move to reached out). Computed in Python from one read of those
leads' history rows: a month of leads is a few thousand rows at most.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Lead, LeadEvent, LeadState
from db.types import utcnow

WINDOW = timedelta(days=30)
OWNED = ("claimed", "assigned")


@dataclass(frozen=True)
class Spread:
    median: timedelta | None
    p90: timedelta | None
    count: int


@dataclass(frozen=True)
class LeadStats:
    by_state: dict[str, int]
    unclaimed: int  # pending leads nobody owns, not erased
    to_claim: Spread
    to_contact: Spread
    reached_out_by: list[tuple[str, int]]  # member, leads reached out to (30 days), most first


def lead_stats(
    session: Session, now: datetime | None = None, window: timedelta = WINDOW
) -> LeadStats:
    since = (now or utcnow()) - window
    counts = session.execute(select(Lead.state, func.count()).group_by(Lead.state)).all()
    unclaimed = session.scalar(
        select(func.count())
        .select_from(Lead)
        # An erased lead has no card to claim it on: it would wait here forever.
        .where(Lead.state == LeadState.PENDING, Lead.owner_id.is_(None), Lead.erased_at.is_(None))
    )
    claimed, contacted, members = _first_times(session, since)
    return LeadStats(
        by_state={state: count for state, count in counts},
        unclaimed=unclaimed or 0,
        to_claim=spread(list(claimed.values())),
        to_contact=spread(list(contacted.values())),
        reached_out_by=Counter(members.values()).most_common(),
    )


def times_to_contact(
    session: Session, now: datetime | None = None, windows: tuple[timedelta, ...] = (WINDOW,)
) -> list[Spread]:
    """Time to first contact of the leads that arrived in each of `windows` (the last 7
    days, the last 30…), from one read of the longest."""
    now = now or utcnow()
    arrivals: dict[int, datetime] = {}
    _, contacted, _ = _first_times(session, now - max(windows), arrivals)
    return [
        spread([t for lead, t in contacted.items() if arrivals[lead] >= now - window])
        for window in windows
    ]


def _first_times(
    session: Session, since: datetime, arrivals: dict[int, datetime] | None = None
) -> tuple[dict, dict, dict]:
    """For leads that arrived since `since`: time to claim, time to first contact (by
    lead id), and who first reached out to each; `arrivals` is filled in when given."""
    rows = session.execute(
        select(
            LeadEvent.lead_id,
            LeadEvent.kind,
            LeadEvent.to_state,
            LeadEvent.actor,
            LeadEvent.created_at,
            Lead.created_at,
        )  # fmt: skip
        .join(Lead, Lead.id == LeadEvent.lead_id)
        # Every state named: ix_leads_state_created then finds the recent leads by range
        # instead of the whole history being read (100,000 leads: 80 ms to a few).
        .where(Lead.state.in_(list(LeadState)), Lead.created_at >= since)
        .order_by(LeadEvent.id)
    ).all()
    claimed: dict[int, timedelta] = {}
    contacted: dict[int, timedelta] = {}
    members: dict[int, str] = {}
    for lead_id, kind, to_state, actor, at, arrived in rows:
        if arrivals is not None:
            arrivals[lead_id] = arrived
        if kind in OWNED:
            claimed.setdefault(lead_id, at - arrived)
        if kind == "state_changed" and to_state == LeadState.REACHED_OUT:
            contacted.setdefault(lead_id, at - arrived)
            claimed.setdefault(lead_id, at - arrived)
            members.setdefault(lead_id, actor or "")
    return claimed, contacted, members


def spread(times: list[timedelta]) -> Spread:
    if not times:
        return Spread(None, None, 0)
    seconds = sorted(t.total_seconds() for t in times)
    if len(seconds) == 1:
        p90 = seconds[0]
    else:  # inclusive: the 90th percentile of the times seen, never beyond the longest
        p90 = statistics.quantiles(seconds, n=10, method="inclusive")[-1]
    return Spread(
        timedelta(seconds=statistics.median(seconds)), timedelta(seconds=p90), len(seconds)
    )
