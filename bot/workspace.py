"""Who "we" are in Slack: the workspace id (pinned or from auth.test) and its name."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from slack_sdk import WebClient

FALLBACK_NAME = "the firm's workspace"


@dataclass(frozen=True)
class WorkspaceIdentity:
    team_id: str
    enterprise_id: str | None
    name: str


class Workspace:
    """Learns the workspace from `auth.test` on first need and keeps it (until it works)."""

    def __init__(self, client: WebClient, pinned_team_id: str | None) -> None:
        self._client = client
        self._pinned = pinned_team_id
        self._identity: WorkspaceIdentity | None = None
        self._lock = threading.Lock()

    def identity(self) -> WorkspaceIdentity:
        """Raises slack_sdk errors when Slack cannot be asked and nothing is pinned."""
        if self._identity is not None:
            return self._identity
        with self._lock:
            if self._identity is None:
                answer = self._client.auth_test()
                team_id = self._pinned or answer["team_id"]
                self._identity = WorkspaceIdentity(
                    team_id=team_id,
                    enterprise_id=answer.get("enterprise_id") or None,
                    name=answer.get("team") or FALLBACK_NAME,
                )
        return self._identity

    def known(self) -> bool:
        """Can the team be checked without asking Slack?"""
        return bool(self._pinned) or self._identity is not None

    def team_id(self) -> str:
        if self._pinned:
            return self._pinned
        return self.identity().team_id

    def enterprise_id(self) -> str | None:
        """Our Enterprise Grid organisation, if any; unchecked when the team is pinned."""
        if self._pinned:
            return None
        return self.identity().enterprise_id

    def known_name(self) -> str:
        """The workspace's name if already learned, without asking Slack."""
        return self._identity.name if self._identity else FALLBACK_NAME

    def name(self) -> str:
        try:
            return self.identity().name
        except Exception:  # the name is only decoration; never fail a denial over it
            return FALLBACK_NAME
