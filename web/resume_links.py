"""Short-lived signed links to one resume: `/resumes/<token>`, valid 15 minutes."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "leads.resume-link.v1"
MAX_AGE_SECONDS = 15 * 60


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


@dataclass(frozen=True)
class ResumeRef:
    lead_id: int
    resume_id: int


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def make_url(secret_key: str, base_url: str, lead_id: int, resume_id: int) -> str:
    token = _serializer(secret_key).dumps([lead_id, resume_id])
    return f"{base_url}/resumes/{token}"


def read_token(secret_key: str, token: str) -> ResumeRef:
    try:
        value = _serializer(secret_key).loads(token, max_age=MAX_AGE_SECONDS)
    except SignatureExpired:
        raise LinkExpired from None
    except BadSignature:
        raise LinkInvalid from None
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        raise LinkInvalid
    return ResumeRef(lead_id=value[0], resume_id=value[1])
