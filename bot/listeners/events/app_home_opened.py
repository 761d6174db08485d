"""`app_home_opened`: someone opened the app's Home tab; publish what they may see."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.home import publish_home
from bot.services import BotServices
from slackkit.membership import Verdict

APP_HOME_OPENED = "app_home_opened"


def app_home_opened(services: BotServices, client: WebClient, body: dict, verdict: Verdict) -> None:
    event = body["event"]
    user = event.get("user")
    # The Messages tab is off in the manifest; an older install may still send its opens.
    if event.get("tab", "home") != "home" or not isinstance(user, str):
        return
    publish_home(services, client, user, verdict, opening=True)
