"""Button listeners. Each is acknowledged at once; its work runs just after, on Bolt's
thread pool, so the click never waits on the database or on Slack."""

from slack_bolt import Ack, App

from bot.listeners.actions.mark_reached_out import mark_reached_out
from bot.listeners.actions.move_to_pending import move_to_pending
from bot.listeners.actions.next_page import next_page
from bot.listeners.actions.open_resume import open_resume
from bot.listeners.errors import answering_errors
from bot.lists import NEXT_PAGE
from slackkit.cards import MARK_REACHED_OUT, MOVE_TO_PENDING, OPEN_RESUME


def acknowledge(ack: Ack) -> None:
    ack()


def register(app: App) -> None:
    for action_id, work in (
        (MARK_REACHED_OUT, mark_reached_out),
        (MOVE_TO_PENDING, move_to_pending),
        (OPEN_RESUME, open_resume),
        (NEXT_PAGE, next_page),
    ):
        app.action(action_id)(ack=acknowledge, lazy=[answering_errors(work)])
