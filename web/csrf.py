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


class CSRFError(BadRequest):
    description = "Your form expired or came from elsewhere. Reload the page and try again."

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
    token = request.form.get("csrf_token", "")
    cookie = request.cookies.get(COOKIE)
    if not token or not cookie:
        raise CSRFError("missing token or cookie")
    max_age = current_settings().csrf_max_age
    try:
        nonce = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise CSRFError("expired token") from None
    except BadSignature:
        raise CSRFError("bad token") from None
    if not isinstance(nonce, str) or not hmac.compare_digest(nonce, cookie):
        raise CSRFError("token does not match cookie")


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
