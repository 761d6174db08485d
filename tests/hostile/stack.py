"""The running stack the hostile suite attacks, and what it means that "nothing happened".

One stack (gunicorn with two workers, a separate `flask worker`, the Slack emulator and
an SMTP server) serves the whole package. Some cases are accepted on purpose (a
path-traversal file name, mrkdwn in names), so "nothing happened" is measured as a
`Snapshot` taken once the stack is quiet and compared once it is quiet again: whatever
the hostile request stored or queued is counted, and delivered before the outbox empties.
"""

from __future__ import annotations

import http.client
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from db.models import Lead, LeadEvent, OutboxJob, Resume
from tests.hostile.slack_side import SlackSide
from tests.support.files import pdf_bytes
from tests.support.http_client import fetch_form, multipart, request
from tests.support.slack_emulator import RESPONSE_URL_METHOD
from tests.support.stack import Stack

# The worker polls every WORKER_POLL_SECONDS (0.1 s in this stack) and Slack posts are not
# spaced (SLACK_POST_INTERVAL=0), so a quiet stack is soon reached again.
WORKER_POLL_SECONDS = 0.1
# Work the app starts after acknowledging a Slack request (a lazy listener, a deferred
# answer) leaves nothing to wait for: it gets SETTLE seconds to show itself, and writes
# within milliseconds. Deliveries are not held to it: the watch waits for them.
SETTLE = 0.5
QUIET_TIMEOUT = 20.0
SECRET_KEY = "resilience-secret"  # what tests.support.stack.stack_env sets
CSRF_MAX_AGE = 3600
# Every Slack Web API method that writes something people would see.
SLACK_WRITES = ("chat.postMessage", "chat.update", "chat.postEphemeral", "views.publish")
ANSWER_TIMEOUT = 5.0


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass(frozen=True)
class Snapshot:
    leads: int
    resumes: int
    lead_events: int
    outbox_jobs: int
    emails: int
    slack_writes: int
    response_url_posts: int


class HostileStack(SlackSide, Stack):
    """tests.support.stack's Stack plus snapshots, form posts and (from SlackSide) signed
    Slack requests."""

    # -- what exists --------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        with self.db.connect() as connection:
            counts = {
                model.__tablename__: connection.scalar(select(func.count()).select_from(model))
                for model in (Lead, Resume, LeadEvent, OutboxJob)
            }
        calls = self.slack.calls
        return Snapshot(
            leads=counts["leads"],
            resumes=counts["resumes"],
            lead_events=counts["lead_events"],
            outbox_jobs=counts["outbox_jobs"],
            emails=len(self.smtp.messages),
            slack_writes=sum(1 for call in calls if call.method in SLACK_WRITES),
            response_url_posts=sum(1 for call in calls if call.method == RESPONSE_URL_METHOD),
        )

    def quiet_snapshot(self) -> Snapshot:
        """A snapshot once no job is pending or running (earlier cases are delivered)."""
        self.wait(lambda: self.unfinished_jobs() == 0, "an empty outbox", QUIET_TIMEOUT)
        return self.snapshot()

    def scalar(self, sql: str, **params):
        with self.db.connect() as connection:
            return connection.execute(text(sql), params).scalar()

    def lead_by_email(self, address: str) -> dict | None:
        with self.db.connect() as connection:
            row = connection.execute(
                select(Lead.id, Lead.first_name, Lead.last_name).where(Lead.email_key == address)
            ).first()
        return None if row is None else dict(row._mapping)

    # -- HTTP -----------------------------------------------------------------------------

    def http(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Reply:
        response, data = request(self.web, method, path, body, headers)
        return Reply(response.status, dict(response.headers.items()), data)

    def http_chunked(self, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        """POST `body` with Transfer-Encoding: chunked (no Content-Length to go by)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.web.port, timeout=10)
        try:
            chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))
            connection.request("POST", path, body=chunks, headers=headers, encode_chunked=True)
            response = connection.getresponse()
            return Reply(response.status, dict(response.headers.items()), response.read())
        finally:
            connection.close()

    def post_form(
        self,
        fields: dict[str, str],
        files: dict[str, tuple[str, str, bytes]] | None = None,
        cookie: str | None = None,
    ) -> Reply:
        body, content_type = multipart(fields, files or {})
        headers = {"Content-Type": content_type}
        if cookie is not None:
            headers["Cookie"] = f"leads_csrf={cookie}"
        return self.http("POST", "/", body, headers)

    def apply(self, **overrides) -> tuple[Reply, str]:
        """Post a valid application with a fresh token, changed by `overrides` (None drops
        a field; `resume=(filename, content_type, data)`); return (reply, email posted)."""
        token, cookie = fetch_form(self.web)
        fields, files = valid_application(token)
        for name, value in overrides.items():
            target = files if name == "resume" else fields
            if value is None:
                target.pop(name, None)
            else:
                target[name] = value
        return self.post_form(fields, files, cookie), fields.get("email", "")


def unique_email(prefix: str = "hostile") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def valid_application(token: str) -> tuple[dict[str, str], dict[str, tuple[str, str, bytes]]]:
    fields = {
        "csrf_token": token,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": unique_email(),
    }
    return fields, {"resume": ("resume.pdf", "application/pdf", pdf_bytes(2048))}


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}
