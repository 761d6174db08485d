"""The one membership check: is this Slack user a full member of our workspace?

Slack is the directory. A user may act only if `users.info` shows an active, human,
full member of our team: not deleted, not a bot or app user, not a guest (restricted or
ultra-restricted), not a Slack Connect stranger, and homed in our team. Answers are
cached for five minutes (in the process, or shared through CACHE_URL); any error from
`users.info` denies.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass

from slack_sdk import WebClient

from slackkit.shared_cache import ExpiringStore, MemoryStore

log = logging.getLogger("leads.bot.membership")

CACHE_SECONDS = 300
DENYING_FLAGS = (
    ("deleted", "deactivated"),
    ("is_bot", "a bot"),
    ("is_app_user", "an app user"),
    ("is_restricted", "a guest"),
    ("is_ultra_restricted", "a single-channel guest"),
    ("is_stranger", "from another organisation"),
)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str


def judge(user: dict, team_id: str) -> Verdict:
    """Decide from a `users.info` user object."""
    for flag, description in DENYING_FLAGS:
        if user.get(flag):
            return Verdict(False, description)
    if user.get("team_id") != team_id:
        return Verdict(False, f"homed in team {user.get('team_id')}")
    return Verdict(True, "full member")


class MembershipCheck:
    def __init__(
        self, client: WebClient, store: ExpiringStore | None = None, ttl: float = CACHE_SECONDS
    ) -> None:
        self._client = client
        self._store = store or MemoryStore()
        self._ttl = ttl

    def cached(self, user_id: str, team_id: str) -> Verdict | None:
        """The verdict if it can be given without asking Slack."""
        raw = self._store.get(f"member:{team_id}:{user_id}")
        return None if raw is None else Verdict(**json.loads(raw))

    def verdict(self, user_id: str, team_id: str) -> Verdict:
        if (known := self.cached(user_id, team_id)) is not None:
            return known
        try:
            user = self._client.users_info(user=user_id)["user"]
        except Exception as exc:  # an unknown user, Slack down, a timeout: all deny
            log.warning("users.info failed for user=%s: %s", user_id, type(exc).__name__)
            return Verdict(False, "could not be looked up")
        verdict = judge(user, team_id)
        self._store.set(f"member:{team_id}:{user_id}", json.dumps(asdict(verdict)), self._ttl)
        return verdict
