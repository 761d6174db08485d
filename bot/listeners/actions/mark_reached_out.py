"""The "Mark reached out" button, on the card and in `/leads` lists."""

from slack_bolt import BoltContext, Respond

from bot import state_actions
from bot.services import CONTEXT_KEY
from db.models import LeadState


def mark_reached_out(body: dict, respond: Respond, context: BoltContext) -> None:
    """Runs after the acknowledgement (a lazy listener)."""
    state_actions.apply(context[CONTEXT_KEY], body, respond, LeadState.REACHED_OUT)
