"""Button listeners. Each is acknowledged at once; its work runs just after, on Bolt's
thread pool, so the click never waits on the database or on Slack."""

from slack_bolt import App

from bot.listeners import members_only
from bot.listeners.actions.add_note import add_note
from bot.listeners.actions.assign import assign
from bot.listeners.actions.claim import claim
from bot.listeners.actions.erase_lead import erase_lead
from bot.listeners.actions.mark_reached_out import mark_reached_out
from bot.listeners.actions.move_to_pending import move_to_pending
from bot.listeners.actions.next_page import next_page
from bot.listeners.actions.open_resume import open_resume
from bot.listeners.actions.release import release
from bot.lists import ERASE_LEAD, NEXT_PAGE
from bot.services import BotServices
from slackkit.cards import (
    ADD_NOTE,
    ASSIGN,
    CLAIM,
    MARK_REACHED_OUT,
    MOVE_TO_PENDING,
    OPEN_RESUME,
    RELEASE,
)


def register(app: App, services: BotServices) -> None:
    for action_id, work in (
        (MARK_REACHED_OUT, mark_reached_out),
        (MOVE_TO_PENDING, move_to_pending),
        (OPEN_RESUME, open_resume),
        (NEXT_PAGE, next_page),
        (CLAIM, claim),
        (RELEASE, release),
        (ASSIGN, assign),
        (ADD_NOTE, add_note),
        (ERASE_LEAD, erase_lead),
    ):
        members_only.action(app, services, action_id, work)
