"""The outbox job that publishes a member's Home tab again after their leads changed.

Queued by the verbs that change an owner or a state, and by erasure, in the same
transaction (service/home_refresh.py), one waiting job a member, due no sooner than
HOME_REFRESH_SECONDS after the last publish. The member is judged again first (the one
membership check, users.info cached for five minutes): someone who is no longer a full
member gets the closed Home and is forgotten, never a refresh of lead data.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from db.models import OutboxJob
from db.types import utcnow
from service import home_refresh, jobs
from service.home import home_data
from slackkit.home import closed_home_view, home_view
from slackkit.membership import MembershipCheck
from worker.errors import PermanentFailure, RetryLater
from worker.slack.api_errors import call_slack
from worker.slack.delivery import SlackDelivery


class HomeRefresh:
    def __init__(
        self,
        delivery: SlackDelivery,
        membership: MembershipCheck,
        team_id: str | None,
        quiet_for: timedelta,
    ) -> None:
        self.delivery = delivery
        self.membership = membership
        self.quiet_for = quiet_for
        self._team = team_id  # SLACK_TEAM_ID, or learned from auth.test
        self._team_name = "the firm's workspace"
        self._lock = threading.Lock()

    def register(self, worker) -> None:
        worker.register(jobs.SLACK_HOME_REFRESH, self.refresh)

    def refresh(self, job: OutboxJob) -> None:
        user_id = job.payload.get("user")
        if not isinstance(user_id, str) or not user_id:
            raise PermanentFailure("a Home refresh without a user")
        now = utcnow()
        with self.delivery.sessions.begin() as session:
            when = home_refresh.take(session, user_id, now)
        if when is None:
            return  # not (any more) someone whose Home we keep
        if when > now:
            raise RetryLater("published moments ago; waiting", delay=when - now)
        verdict = self.membership.verdict(user_id, self.team_id())
        if verdict.busy:
            raise RetryLater(f"the member could not be judged: {verdict.reason}")
        if not verdict.allowed:
            with self.delivery.sessions.begin() as session:
                home_refresh.forget(session, user_id)
            self._publish(user_id, closed_home_view(self._team_name))
            return
        with self.delivery.reads() as session:
            view = home_view(home_data(session, user_id))
        self._publish(user_id, view)
        with self.delivery.sessions.begin() as session:
            home_refresh.published(session, user_id, self.quiet_for)

    def team_id(self) -> str:
        with self._lock:
            if self._team is None:
                answer = call_slack("auth.test", self.delivery.client.auth_test)
                self._team = answer["team_id"]
                self._team_name = answer.get("team") or self._team_name
            return self._team

    def _publish(self, user_id: str, view: dict) -> None:
        call_slack(
            "views.publish",
            lambda: self.delivery.client.views_publish(user_id=user_id, view=view),
        )
