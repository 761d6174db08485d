"""Bolt listeners, one callback a file; `register(app)` wires every kind."""

from slack_bolt import App

from bot.listeners import actions, commands


def register(app: App) -> None:
    commands.register(app)
    actions.register(app)
