"""Block Kit for `/leads stats`."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from service.stats import LeadStats, Spread
from slackkit.blocks import fields, section
from slackkit.slack_time import duration
from slackkit.state_labels import state_label

MEMBERS_SHOWN = 20


def _spread(name: str, value: Spread) -> str:
    return (
        f"*{name}* (last 30 days, {value.count} leads)\n"
        f"median {duration(value.median)} · 90th percentile {duration(value.p90)}"
    )


def stats_blocks(stats: LeadStats) -> list[Block]:
    states = " · ".join(
        f"{state_label(state, capital=True)}: {count}"
        for state, count in sorted(stats.by_state.items())
    )
    members = [f"<@{member}>: {count}" for member, count in stats.reached_out_by[:MEMBERS_SHOWN]]
    return [
        section(f"*Leads* — {states or 'none yet'} · unclaimed and pending: {stats.unclaimed}"),
        fields(
            _spread("Time to claim", stats.to_claim),
            _spread("Time to first contact", stats.to_contact),
        ),  # fmt: skip
        section("*Reached out, by member* (last 30 days)\n" + ("\n".join(members) or "nobody yet")),
    ]
