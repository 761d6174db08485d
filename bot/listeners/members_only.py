"""Every listener is registered here, around a piece of work `(services, body) -> answer`.

The ack comes first. Then the actor's verdict (`require_member`, bot/authorization.py):
a refused actor gets the denial and nothing else; a member gets what the work returns.
A failure is logged with its traceback and the actor told so privately: the one error
path of the Slack side (Bolt itself logs a lazy listener's failure in one line, without
a traceback, and tells nobody).

An action is acknowledged empty; its work runs in a lazy listener, which Bolt starts on
its thread pool, and answers through the response_url (or, when Slack refuses that, by
chat.postEphemeral: bot/answering.py). A command is answered in the
acknowledgement itself when its verdict was decided at the door (a warm member, or a
refusal), and like an action otherwise. A click made in the Home tab has no channel to
answer in: its answer is shown in the Home, published again (bot/home.py).

An event (Events API) is acknowledged as it arrives; its work gets the verdict and does
what fits it (the Home tab: a member's queue, or the closed Home). An event sent for
another workspace is ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import answering, home
from bot.authorization import Actor, decided_at_the_door, other_workspace, require_member
from bot.replies import BUSY, SORRY, denial, private
from bot.services import BotServices
from slackkit.membership import Verdict

log = logging.getLogger("leads.bot")

Work = Callable[[BotServices, dict], dict | None]  # the answer to give, if any
# An event's work: the verdict on its user decides what it does; it answers nobody.
EventWork = Callable[[BotServices, WebClient, dict, Verdict], None]


def command(app: App, services: BotServices, name: str, work: Work) -> None:
    # Bolt runs the first listener whose matchers pass.
    app.command(name, matchers=[decided_at_the_door])(_now(services, work))
    app.command(name)(ack=_acknowledge, lazy=[_later(services, work)])


def action(app: App, services: BotServices, action_id: str, work: Work) -> None:
    app.action(action_id)(ack=_acknowledge, lazy=[_later(services, work)])


def view(app: App, services: BotServices, callback_id: str, refuse: Callable, work: Work) -> None:
    """A modal's submission. `refuse(body)` may keep the modal open with errors, which
    Slack takes only in the ack; the work runs after the verdict, like an action's."""

    def acknowledge(ack: Ack, body: dict) -> None:
        errors = refuse(body)
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    app.view(callback_id)(ack=acknowledge, lazy=[_later(services, work)])


def event(app: App, services: BotServices, event_type: str, work: EventWork) -> None:
    app.event(event_type)(ack=_acknowledge, lazy=[_event_later(services, work)])


def _acknowledge(ack: Ack) -> None:
    ack()


def _event_later(services: BotServices, work: EventWork) -> Callable[..., None]:
    def run(body: dict, client: WebClient, context: BoltContext) -> None:
        actor = Actor.of(body)
        try:
            if other_workspace(services, actor):
                log.warning("ignored an event for team=%s", actor.team)
                return
            work(services, client, body, require_member(services, context, body))
        except Exception:
            log.exception("%s failed (user=%s)", work.__name__, actor.user)

    run.__name__ = run.__qualname__ = work.__name__
    return run


def _now(services: BotServices, work: Work) -> Callable[..., None]:
    def run(ack: Ack, body: dict, context: BoltContext) -> None:
        # Routed here only with a verdict pinned at the door: require_member asks Slack
        # nothing, and the workspace's name is the one already known.
        _, answer = _answer(services, work, body, context, services.workspace.known_name)
        ack(answer or "")

    run.__name__ = run.__qualname__ = work.__name__  # how Bolt names it in its logs
    return run


def _later(services: BotServices, work: Work) -> Callable[..., None]:
    def run(body: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        verdict, answer = _answer(services, work, body, context, services.workspace.name)
        if home.clicked_in_home(body):
            home.answer_in_home(services, client, body, verdict, answer)
        elif answer:
            answering.answer(respond, client, answer, body)

    run.__name__ = run.__qualname__ = work.__name__
    return run


def _answer(
    services: BotServices, work: Work, body: dict, context: BoltContext, name: Callable[[], str]
) -> tuple[Verdict | None, dict | None]:
    """The verdict (None if it could not be given) and the answer for the actor."""
    actor = Actor.of(body)
    verdict = None
    try:
        verdict = require_member(services, context, body)
        if verdict.busy:
            log.warning("user=%s not judged: %s", actor.user, verdict.reason)
            return verdict, private(BUSY)
        if not verdict.allowed:
            log.warning("denied user=%s team=%s: %s", actor.user, actor.team, verdict.reason)
            return verdict, denial(name())
        return verdict, work(services, body)
    except Exception:
        log.exception("%s failed (user=%s)", work.__name__, actor.user)
        return verdict, private(SORRY)
