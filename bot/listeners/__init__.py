"""Bolt listeners, one piece of work a file; `register(app, services)` wires every kind,
each through bot/listeners/members_only.py."""

from slack_bolt import App

from bot.listeners import actions, commands, events, views
from bot.services import BotServices


def register(app: App, services: BotServices) -> None:
    commands.register(app, services)
    actions.register(app, services)
    views.register(app, services)
    events.register(app, services)
