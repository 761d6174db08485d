"""The "Move back to pending" button."""

from slack_bolt import BoltContext, Respond

from bot import state_actions
from bot.services import CONTEXT_KEY
from db.models import LeadState


def move_to_pending(body: dict, respond: Respond, context: BoltContext) -> None:
    """Runs after the acknowledgement (a lazy listener)."""
    state_actions.apply(context[CONTEXT_KEY], body, respond, LeadState.PENDING)
