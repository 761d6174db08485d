"""Block Kit for the app's Home tab: a member's own queue, or the door for anyone else.

Published by the `app_home_opened` listener (bot/listeners/events/app_home_opened.py), by
a click made in the Home (bot/home.py) and by the worker's refresh job (worker/slack/
home.py). The buttons are the card's own (slackkit/cards.py): the same action ids and
values, so the card's listeners handle them. Applicants' names and addresses are escaped
like everywhere else. A view holds at most 100 blocks; each list shows 10 leads and says
how many more there are rather than cutting them off silently.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from db.models import Lead
from service.home import HomeData, LeadList
from slackkit.blocks import actions, context, divider, fields, header, section
from slackkit.cards import claim_button, mark_reached_out_button, resume_button
from slackkit.mrkdwn import escape
from slackkit.slack_time import ago, duration

HOME_CALLBACK = "leads_home"
VIEW_BLOCKS_MAX = 100


def home_view(data: HomeData, notice: Sequence[Block] = ()) -> dict:
    """A member's Home; `notice` (an answer to a click made in it) goes first."""
    blocks = [
        *_mine(data.mine),
        divider(),
        *_unclaimed(data.unclaimed),
        divider(),
        *_numbers(data),
    ]
    room = VIEW_BLOCKS_MAX - len(blocks) - 1
    shown = list(notice)[:room]
    return view([*shown, divider(), *blocks] if shown else blocks)


def closed_home_view(workspace_name: str) -> dict:
    """For a guest, a Slack Connect user, a bot: no lead data at all."""
    return view(
        [
            header("Leads"),
            section(
                f"Only members of {escape(workspace_name)} can see leads. "
                "If you should be one, ask an admin of the workspace."
            ),
        ]
    )


def view(blocks: Sequence[Block]) -> dict:
    """The Home view as Slack's JSON, validated by slack_sdk (SlackObjectFormationError)."""
    if len(blocks) > VIEW_BLOCKS_MAX:
        raise ValueError(f"{len(blocks)} blocks; a view holds at most {VIEW_BLOCKS_MAX}")
    home = View(type="home", callback_id=HOME_CALLBACK, blocks=list(blocks))
    home.validate_json()
    return home.to_dict()


def _mine(mine: LeadList) -> list[Block]:
    blocks: list[Block] = [header(f"Your leads ({mine.total} pending)")]
    if not mine.leads:
        return [*blocks, context("None pending is yours. Claim one below, or on its card.")]
    for lead in mine.leads:
        blocks.append(section(_line(lead)))
        buttons = (mark_reached_out_button(lead), resume_button(lead))
        blocks.append(actions(*buttons, block_id=f"lead_{lead.id}"))
    return blocks + _more(mine, "/leads mine")


def _unclaimed(unclaimed: LeadList) -> list[Block]:
    blocks: list[Block] = [header(f"Unclaimed ({unclaimed.total})")]
    if not unclaimed.leads:
        return [*blocks, context("Every pending lead has an owner.")]
    blocks += [section(_line(lead), accessory=claim_button(lead)) for lead in unclaimed.leads]
    return blocks + _more(unclaimed, "/leads unclaimed")


def _more(leads: LeadList, command: str) -> list[Block]:
    return [context(f"and {leads.more} more — `{command}`")] if leads.more else []


def _numbers(data: HomeData) -> list[Block]:
    return [
        header("Numbers"),
        fields(
            f"*Pending*\n{data.pending}",
            f"*Unclaimed*\n{data.unclaimed.total}",
            f"*Median time to first contact* (30 days)\n{duration(data.median_to_contact)}",
            f"*Reminders sent this week*\n{data.reminders_this_week}",
        ),
    ]


def _line(lead: Lead) -> str:
    applied = ago(lead.created_at)
    return f"*#{lead.id} {escape(lead.full_name)}* · {escape(lead.email)}\napplied {applied}"
