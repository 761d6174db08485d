"""The withdrawal link in the confirmation email: a signed token naming the lead.

It does not expire: the law lets a candidate withdraw at any time, and the link works
until the lead is gone. Its own salt, so no other token of the app (CSRF, resume links)
can stand in for it.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "leads.withdraw.v1"


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=SALT)


def make_token(secret_key: str, lead_id: int) -> str:
    return _serializer(secret_key).dumps({"lead": lead_id})


def withdraw_url(secret_key: str, base_url: str, lead_id: int) -> str:
    return f"{base_url}/withdraw/{make_token(secret_key, lead_id)}"


def lead_for(secret_key: str, token: str) -> int | None:
    """The lead a token names, or None for anything not signed by us."""
    try:
        value = _serializer(secret_key).loads(token)
    except BadSignature:
        return None
    lead_id = value.get("lead") if isinstance(value, dict) else None
    return lead_id if isinstance(lead_id, int) else None
