"""How a lead's state is named in Slack: on the card, its buttons and in `/leads`."""

from __future__ import annotations

from db.models import LeadState

LABELS = {LeadState.PENDING: "pending", LeadState.REACHED_OUT: "reached out"}


def state_label(state: str | None, *, capital: bool = False) -> str:
    """The label of `state`, e.g. "reached out" or, with `capital`, "Reached out"."""
    # "?" for a state this version does not know. LeadState is a StrEnum: "PENDING" finds it.
    label = LABELS.get(state, "?")
    return label.capitalize() if capital else label
