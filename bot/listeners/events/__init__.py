"""Events API listeners. Each event is acknowledged as it arrives; its work runs just
after, on Bolt's thread pool, with the verdict on the event's user."""

from slack_bolt import App

from bot.listeners import members_only
from bot.listeners.events.app_home_opened import APP_HOME_OPENED, app_home_opened
from bot.services import BotServices


def register(app: App, services: BotServices) -> None:
    members_only.event(app, services, APP_HOME_OPENED, app_home_opened)
