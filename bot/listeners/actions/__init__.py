"""Button listeners."""

from slack_bolt import App

from bot.cards import MARK_REACHED_OUT, MOVE_TO_PENDING, OPEN_RESUME
from bot.listeners.actions.mark_reached_out import mark_reached_out
from bot.listeners.actions.move_to_pending import move_to_pending
from bot.listeners.actions.next_page import next_page
from bot.listeners.actions.open_resume import open_resume
from bot.lists import NEXT_PAGE


def register(app: App) -> None:
    app.action(MARK_REACHED_OUT)(mark_reached_out)
    app.action(MOVE_TO_PENDING)(move_to_pending)
    app.action(OPEN_RESUME)(open_resume)
    app.action(NEXT_PAGE)(next_page)
