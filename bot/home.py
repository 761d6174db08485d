"""Publishing a person's Home tab from a request: when they open it, when they click in it.

A full member gets their queue (slackkit/home.py, read by service/home.py); anyone else
the closed Home, which holds no lead data, and is forgotten as a Home to refresh. A click
made in the Home has no channel and, from a Home, no response URL: its answer (a lead
already claimed, a resume link) is shown at the top of the Home, published again at once
so the clicker sees what their click did. The worker keeps Homes current between opens
(worker/slack/home.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block

from bot.services import BotServices
from service import home_refresh
from service.home import home_data
from slackkit.blocks import section
from slackkit.home import closed_home_view, home_view
from slackkit.membership import Verdict

log = logging.getLogger("leads.bot.home")


def clicked_in_home(body: dict) -> bool:
    """An interaction from a Home tab: its container is the view, of type home."""
    container = body.get("container") or {}
    view = body.get("view") or {}
    return container.get("type") == "view" and view.get("type") == "home"


def publish_home(
    services: BotServices,
    client: WebClient,
    user_id: str,
    verdict: Verdict,
    notice: Sequence[Block] = (),
    opening: bool = False,
) -> None:
    """Publish `user_id`'s Home as `verdict` allows; `opening`: they just opened the tab."""
    if verdict.busy:
        log.warning("Home of user=%s not published: %s", user_id, verdict.reason)
        return
    if not verdict.allowed:
        with services.sessions.begin() as session:
            home_refresh.forget(session, user_id)
        _publish(client, user_id, closed_home_view(services.workspace.name()))
        return
    # Known as an opener before the view is read: a change committed from here on queues
    # a refresh of its own, one committed before is in the view.
    quiet_for = timedelta(seconds=services.settings.home_refresh_seconds)
    with services.sessions.begin() as session:
        home_refresh.opened(session, user_id, opening, quiet_for)
    with services.reads() as session:
        view = home_view(home_data(session, user_id), notice)
    _publish(client, user_id, view)


def answer_in_home(
    services: BotServices, client: WebClient, body: dict, verdict: Verdict | None, reply
) -> None:
    """A click made in the Home: publish it again, with the answer (if any) at the top."""
    user_id = body["user"]["id"]
    if verdict is None:
        log.warning("no Home answer for user=%s: the click failed before a verdict", user_id)
        return
    publish_home(services, client, user_id, verdict, notice_blocks(reply) if reply else ())


def notice_blocks(reply: dict) -> list[Block]:
    """The answer a click would have had in a channel, as blocks for the Home."""
    given = reply.get("blocks") or []
    blocks = [block for block in (Block.parse(item) for item in given) if block is not None]
    return blocks or [section(reply.get("text") or "")]


def _publish(client: WebClient, user_id: str, view: dict) -> None:
    """Publish, logging a failure: the person opens the tab again, or the next refresh
    publishes it (Slack keeps showing the last view meanwhile)."""
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as exc:
        log.warning("views.publish for user=%s refused: %s", user_id, exc.response.get("error"))
    except OSError as exc:
        log.warning("views.publish for user=%s failed: %s", user_id, type(exc).__name__)
