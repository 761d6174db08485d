"""Slash command listeners."""

from slack_bolt import App

from bot.listeners import members_only
from bot.listeners.commands.leads import leads
from bot.services import BotServices


def register(app: App, services: BotServices) -> None:
    members_only.command(app, services, "/leads", leads)
