"""Short-lived signed links to one resume: `/resumes/<token>`, valid `MAX_AGE_SECONDS`
(said to people as `LINK_LIFETIME`), and the one-minute grant that the link turns into.

The link is what Slack shows. Opening it trades the token for a grant cookie and a
redirect to a download URL that carries no secret (web/resumes.py). Link and grant
are signed with different salts, so neither can stand in for the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "leads.resume-link.v1"
MAX_AGE_SECONDS = 15 * 60
GRANT_SALT = "leads.resume-grant.v1"
# Long enough for the browser to follow the redirect, short enough that a copied
# cookie is worth little.
GRANT_MAX_AGE_SECONDS = 60


def duration_words(seconds: int) -> str:
    """In the largest whole unit: "15 minutes", "1 hour", "90 seconds"."""
    units = (("hour", 3600), ("minute", 60))
    unit, size = next(((u, s) for u, s in units if seconds % s == 0), ("second", 1))
    count = seconds // size
    return f"{count} {unit}" + ("" if count == 1 else "s")


# What the 410 page, the Slack answer and the docs say; tests hold the docs to it.
LINK_LIFETIME = duration_words(MAX_AGE_SECONDS)


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


@dataclass(frozen=True)
class ResumeRef:
    lead_id: int
    resume_id: int


def _serializer(secret_key: str, salt: str = SALT) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=salt)


def make_url(secret_key: str, base_url: str, lead_id: int, resume_id: int) -> str:
    token = _serializer(secret_key).dumps([lead_id, resume_id])
    return f"{base_url}/resumes/{token}"


def read_token(secret_key: str, token: str) -> ResumeRef:
    return _read(secret_key, SALT, token, MAX_AGE_SECONDS)


def make_grant(secret_key: str, ref: ResumeRef) -> str:
    return _serializer(secret_key, GRANT_SALT).dumps([ref.lead_id, ref.resume_id])


def grant_allows(secret_key: str, grant: str | None, ref: ResumeRef) -> bool:
    """Whether `grant` is a fresh, untampered grant for exactly this lead's resume."""
    if not grant:
        return False
    try:
        granted = _read(secret_key, GRANT_SALT, grant, GRANT_MAX_AGE_SECONDS)
    except (LinkExpired, LinkInvalid):
        return False
    return granted == ref


def _read(secret_key: str, salt: str, token: str, max_age: int) -> ResumeRef:
    try:
        value = _serializer(secret_key, salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkExpired from None
    except BadSignature:
        raise LinkInvalid from None
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        raise LinkInvalid
    return ResumeRef(lead_id=value[0], resume_id=value[1])
