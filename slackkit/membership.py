"""The one membership check: is this Slack user a full member of our workspace?

Slack is the directory. A user may act only if `users.info` shows an active, human,
full member of our workspace: not deleted, not a bot, not Slackbot, not a guest
(restricted or ultra-restricted), not a Slack Connect stranger, and a member of our team:
homed in it, or on Enterprise Grid listing it in `enterprise_user.teams` (one person in
several workspaces of an organisation carries one home `team_id`). `is_app_user` is no
reason to refuse: Slack documents it as "an authorized user of the calling app", a human
such as the admin who installed it. Answers are cached for five minutes (in the process,
or shared through CACHE_URL); a failed look-up denies and is not cached.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackkit.shared_cache import ExpiringStore, MemoryStore

log = logging.getLogger("leads.bot.membership")  # the name its log lines always had

CACHE_SECONDS = 300
# Slack documents is_bot as false for Slackbot: it is refused by its id.
SLACKBOT = "USLACKBOT"
DENYING_FLAGS = (
    ("deleted", "deactivated"),
    ("is_bot", "a bot"),
    ("is_restricted", "a guest"),
    ("is_ultra_restricted", "a single-channel guest"),
    ("is_stranger", "from another organisation"),
)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str
    busy: bool = False  # Slack could not answer: nobody was judged, try again


def _teams(user: dict) -> list[str]:
    teams = list((user.get("enterprise_user") or {}).get("teams") or [])
    return [user.get("team_id"), *teams]


def judge(user: dict, team_id: str) -> Verdict:
    """Decide from a `users.info` user object."""
    if user.get("id") == SLACKBOT:
        return Verdict(False, "Slackbot")
    for flag, description in DENYING_FLAGS:
        if user.get(flag):
            return Verdict(False, description)
    if team_id not in _teams(user):
        return Verdict(False, f"homed in team {user.get('team_id')}, not a member of ours")
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
        except SlackApiError as exc:
            if exc.response.status_code == 429 or exc.response.status_code >= 500:
                log.warning("users.info busy for user=%s: %s", user_id, exc.response.status_code)
                return Verdict(False, "Slack is busy", busy=True)
            log.warning("users.info refused user=%s: %s", user_id, exc.response.get("error"))
            return Verdict(False, "could not be looked up")
        except Exception as exc:  # Slack unreachable, a timeout: nobody was judged
            log.warning("users.info failed for user=%s: %s", user_id, type(exc).__name__)
            return Verdict(False, "Slack could not be reached", busy=True)
        verdict = judge(user, team_id)
        self._store.set(f"member:{team_id}:{user_id}", json.dumps(asdict(verdict)), self._ttl)
        return verdict
