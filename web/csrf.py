"""CSRF protection for the public form: a signed, time-limited token bound to a cookie.

The cookie holds a random nonce; the form carries the nonce signed with itsdangerous
(its own salt, `CSRF_MAX_AGE` seconds). A post is accepted only when the signature is
valid, fresh, and names the nonce in this browser's cookie.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, Response, g, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.exceptions import BadRequest

from config import current_settings

COOKIE = "leads_csrf"
SALT = "leads.csrf.v1"
NO_COOKIE = "a fresh token without its cookie"


class CSRFError(BadRequest):
    description = (
        "This form could not be sent: the page was open for a long time, or it was sent "
        "from another site. Please open the form again."
    )

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_settings().secret_key, salt=SALT)


def _nonce() -> str:
    if "csrf_nonce" not in g:
        g.csrf_nonce = request.cookies.get(COOKIE) or secrets.token_urlsafe(24)
    return g.csrf_nonce


def csrf_token() -> str:
    """The token for a form rendered in this response (template global)."""
    g.csrf_used = True
    return _serializer().dumps(_nonce())


def verify() -> None:
    """Raise CSRFError unless the posted token matches this browser's cookie."""
    reason = problem()
    if reason:
        raise CSRFError(reason)


def problem() -> str | None:
    """Why the posted token does not match this browser's cookie; None when it does."""
    token = request.form.get("csrf_token", "")
    cookie = request.cookies.get(COOKIE)
    if not token:
        return "missing token"
    max_age = current_settings().csrf_max_age
    try:
        nonce = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        return "expired token"
    except BadSignature:
        return "bad token"
    if not cookie:
        # The cookie is set to live as long as the token: a fresh token without it means
        # this browser does not keep our cookies (blocked), not that the page is old.
        return NO_COOKIE
    if not isinstance(nonce, str) or not hmac.compare_digest(nonce, cookie):
        return "token does not match cookie"
    return None


def same_origin() -> bool:
    """Whether the browser says this post comes from our own page. A page left open past
    CSRF_MAX_AGE is then given back with what was typed, not refused; a post from another
    site never is. Browsers send Sec-Fetch-Site (and Origin) on every POST and a page
    cannot forge them; a client that sends neither is treated as another site."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = (request.headers.get("Origin") or "").rstrip("/")
    if not origin or origin == "null":
        return False
    return origin in {request.host_url.rstrip("/"), current_settings().public_base_url}


def _set_cookie(response: Response) -> Response:
    # Set on every page that carries a token, so the cookie lives as long as the newest token.
    if g.get("csrf_used"):
        settings = current_settings()
        response.set_cookie(
            COOKIE,
            g.csrf_nonce,
            httponly=True,
            samesite="Lax",
            secure=settings.secure_cookies,
            max_age=settings.csrf_max_age,
        )
    return response


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.after_request(_set_cookie)
