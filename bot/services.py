"""What listeners need from the rest of the app. Listeners are built by factories that
close over one BotServices (bot/listeners/members_only.py), so it never travels in Bolt's
context, which Bolt deep-copies for lazy listeners."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.workspace import Workspace
from config.settings import Settings
from service.resume_links import make_url
from slackkit.membership import MembershipCheck


@dataclass(frozen=True)
class BotServices:
    settings: Settings
    sessions: sessionmaker[Session]
    reads: sessionmaker[Session]
    workspace: Workspace
    membership: MembershipCheck
    wake_worker: Callable[[], None]
    client: WebClient | None = None  # for calls inside Slack's 3 s (views.open)

    def resume_url(self, lead_id: int, resume_id: int) -> str:
        return make_url(self.settings.secret_key, self.settings.public_base_url, lead_id, resume_id)
