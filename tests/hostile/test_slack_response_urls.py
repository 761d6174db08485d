"""The running app never posts an answer to a response URL that is not Slack's: a signed
request naming one gets a 400, changes nothing, and the server it names hears nothing."""

from __future__ import annotations

import pytest

from tests.support.polling import stays
from tests.support.slack_requests import action_body, command_body, signed_headers

pytestmark = pytest.mark.process


def _command(url: str, user: str) -> str:
    return command_body("all", url, user=user)


def _click(url: str, user: str) -> str:
    return action_body("open_resume", "1", url, user=user)


@pytest.mark.parametrize("user", ["U0MEMBER", "U0GUEST"], ids=["member", "guest"])
@pytest.mark.parametrize("build", [_command, _click], ids=["command", "click"])
def test_a_request_answering_elsewhere_gets_400(hostile, watch, elsewhere, build, user):
    body = build(elsewhere.new_response_url(), user)
    reply = hostile.slack_post(body, signed_headers(body))
    stays(lambda: elsewhere.calls == [], "nothing reaching the other server")
    assert reply.status == 400, reply.text[:500]
    assert b"Lovelace" not in reply.body
    watch.assert_nothing_happened()
