"""The "Assign to…" picker: the chosen person becomes the owner, if they may act.

They are judged as any actor is (slackkit/membership.py): a guest, a bot, Slackbot or a
stranger cannot be given a lead, and the assigner is told why.
"""

from __future__ import annotations

from bot import owner_actions
from bot.replies import BUSY, private
from bot.services import BotServices
from service import ownership


def assign(services: BotServices, body: dict) -> dict | None:
    user = body["user"]["id"]
    chosen = (body.get("actions") or [{}])[0].get("selected_user")
    lead_id = owner_actions.lead_id_of_block(body)
    if not chosen or lead_id is None:
        return private("That picker is out of date.")
    verdict = services.membership.verdict(chosen, services.workspace.team_id())
    if verdict.busy:
        return private(BUSY)
    if not verdict.allowed:
        return private(f"<@{chosen}> cannot be given a lead: {verdict.reason}.")
    return owner_actions.apply(
        services,
        body,
        lambda session, lead_id: ownership.assign(session, lead_id, chosen, user),
        lambda lead: f"<@{chosen}> already has lead #{lead.id}.",
        lead_id=lead_id,
    )
