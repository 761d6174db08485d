"""Response URLs: each accepts 5 posts within 30 minutes of being issued ("You can use a
response_url up to 5 times within 30 minutes", Slack's "Handling user interaction in your
Slack apps", api.slack.com/interactivity/handling), and each post is checked like a message.

Refusals are HTTP 404 with ``{"ok": false, "error": ...}``: ``no_service`` for a URL never
issued, ``used_url`` past five uses, ``expired_url`` past 30 minutes; a payload Slack
would not post is HTTP 400 with the chat.postMessage error (``invalid_blocks`` and its
``errors``, ``msg_too_long``, ``no_text``).  ``age`` makes a URL older, for tests.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field

from .payloads import content_problem

MAX_USES = 5
LIFETIME_SECONDS = 30 * 60


@dataclass
class _Issued:
    at: float
    posts: list[dict] = field(default_factory=list)


class ResponseUrls:
    def __init__(self, lock: threading.RLock):
        self._lock = lock
        self._issued: dict[str, _Issued] = {}

    def clear(self) -> None:
        with self._lock:
            self._issued = {}

    def issue(self, key: str) -> None:
        with self._lock:
            self._issued[key] = _Issued(at=time.monotonic())

    def age(self, key: str, seconds: float) -> None:
        """Pretend `key` was issued `seconds` earlier than it was."""
        with self._lock:
            self._issued[key].at -= seconds

    def use(self, key: str, payload: dict) -> tuple[int, dict] | None:
        """Accept a post to `key`; return (HTTP status, Slack's error body) if refused."""
        with self._lock:
            issued = self._issued.get(key)
            if issued is None:
                return 404, {"ok": False, "error": "no_service"}
            if time.monotonic() - issued.at > LIFETIME_SECONDS:
                return 404, {"ok": False, "error": "expired_url"}
            if len(issued.posts) >= MAX_USES:
                return 404, {"ok": False, "error": "used_url"}
            # delete_original needs no content; anything else is a message Slack must post.
            problem = content_problem(payload, require_content=not payload.get("delete_original"))
            if problem is not None:
                return 400, problem
            issued.posts.append(payload)
        return None

    def posts(self, key: str) -> list[dict]:
        with self._lock:
            issued = self._issued.get(key)
            return copy.deepcopy(issued.posts) if issued else []
