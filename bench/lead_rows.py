"""The seeded lead both the Home and the digest benchmarks start from: lead `n`, three in
ten pending, its names, address and search key; each benchmark adds its own owner and
Slack columns."""

from __future__ import annotations

from db.models import LeadState, search_key


def is_pending(n: int) -> bool:
    return n % 10 < 3


def lead_row(n: int, created) -> dict:
    return {
        "first_name": f"First{n}",
        "last_name": f"Last{n % 997}",
        "email": f"lead{n}@example.com",
        "email_key": f"lead{n}@example.com",
        "search_text": search_key(f"First{n} Last{n % 997} lead{n}@example.com"),
        "state": LeadState.PENDING if is_pending(n) else LeadState.REACHED_OUT,
        "created_at": created,
        "updated_at": created,
    }
