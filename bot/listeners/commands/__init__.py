"""Slash command listeners."""

from slack_bolt import App

from bot.listeners.commands.leads import leads_command


def register(app: App) -> None:
    app.command("/leads")(leads_command)
