"""Forged, stale and mismatched CSRF tokens against the running app: each 400 with
the error page (open the form again), and nothing stored, queued, emailed or posted."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.hostile.stack import (
    CSRF_MAX_AGE,
    SECRET_KEY,
    HostileStack,
    valid_application,
)
from tests.support.http_client import fetch_form
from web.csrf import SALT

pytestmark = pytest.mark.process

MiB = 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RELOAD = "Please open the form again"


# -- CSRF -------------------------------------------------------------------------------------


def signed_at(key: str, nonce: str, timestamp: int, salt: str = SALT) -> str:
    """A CSRF token for `nonce` as web.csrf makes it, but stamped at `timestamp`."""

    class Signer(TimestampSigner):
        def get_timestamp(self) -> int:
            return timestamp

    return URLSafeTimedSerializer(key, salt=salt, signer=Signer).dumps(nonce)


def _missing_token(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = fetch_form(stack.web)
    return None, cookie


def _empty_token(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = fetch_form(stack.web)
    return "", cookie


def _missing_cookie(stack: HostileStack) -> tuple[str | None, str | None]:
    token, _ = fetch_form(stack.web)
    return token, None


def _forged(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = fetch_form(stack.web)
    return URLSafeTimedSerializer("another-key", salt=SALT).dumps(cookie), cookie


def _wrong_salt(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = fetch_form(stack.web)
    return URLSafeTimedSerializer(SECRET_KEY, salt="another-salt").dumps(cookie), cookie


def _tampered(stack: HostileStack) -> tuple[str | None, str | None]:
    # A character in the middle of the signature: every one of its bits is signature, unlike
    # the last base64 character, whose low bits are padding that decodes the same.
    token, cookie = fetch_form(stack.web)
    signature_start = token.rindex(".") + 1
    middle = signature_start + (len(token) - signature_start) // 2
    swapped = "A" if token[middle] != "A" else "B"
    return token[:middle] + swapped + token[middle + 1 :], cookie


def _expired(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = fetch_form(stack.web)
    return signed_at(SECRET_KEY, cookie, int(time.time()) - CSRF_MAX_AGE - 60), cookie


def _from_the_future(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = fetch_form(stack.web)
    return signed_at(SECRET_KEY, cookie, int(time.time()) + 3600), cookie


def _mismatched_cookie(stack: HostileStack) -> tuple[str | None, str | None]:
    token, _ = fetch_form(stack.web)
    _, other_cookie = fetch_form(stack.web)
    return token, other_cookie


def _altered_cookie(stack: HostileStack) -> tuple[str | None, str | None]:
    token, cookie = fetch_form(stack.web)
    return token, cookie + "x"


CSRF_CASES: dict[str, Callable[[HostileStack], tuple[str | None, str | None]]] = {
    "missing-token": _missing_token,
    "empty-token": _empty_token,
    "missing-cookie": _missing_cookie,
    "forged-other-key": _forged,
    "wrong-salt": _wrong_salt,
    "tampered-signature": _tampered,
    "expired": _expired,
    "from-the-future": _from_the_future,
    "mismatched-cookie": _mismatched_cookie,
    "altered-cookie": _altered_cookie,
}


@pytest.mark.parametrize("make_pair", CSRF_CASES.values(), ids=CSRF_CASES.keys())
def test_bad_csrf_is_refused(hostile, watch, make_pair):
    token, cookie = make_pair(hostile)
    fields, files = valid_application("")
    if token is None:
        del fields["csrf_token"]
    else:
        fields["csrf_token"] = token
    reply = hostile.post_form(fields, files, cookie)
    assert reply.status == 400, reply.text[:500]
    assert RELOAD in reply.text
    watch.assert_nothing_happened()
