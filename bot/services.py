"""What listeners need from the rest of the app, handed to them through the Bolt context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot.deferral import Deferral
from bot.membership import MembershipCheck
from bot.workspace import Workspace
from config.settings import Settings
from service.resume_links import make_url

CONTEXT_KEY = "leads"


@dataclass
class BotServices:
    settings: Settings
    sessions: sessionmaker[Session]
    reads: sessionmaker[Session]
    workspace: Workspace
    membership: MembershipCheck
    wake_worker: Callable[[], None]
    deferral: Deferral

    def __deepcopy__(self, memo: dict) -> BotServices:
        # Bolt deep-copies the context for lazy listeners; these are shared, thread-safe
        # services (engine, caches, thread pool), so the copy is the same object.
        return self

    def resume_url(self, lead_id: int, resume_id: int) -> str:
        return make_url(self.settings.secret_key, self.settings.public_base_url, lead_id, resume_id)
