"""What the kept-resume tests share: the kept upload's id in a page, a post sent with a
browser's headers, and how many uploads are kept."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from db.models import PendingUpload
from tests.support.form import post_application

KEPT = re.compile(r'name="pending_upload" value="([0-9a-f]+)"')
SAME_SITE = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}


def post(client, headers: dict | None = None, **fields):
    """post_application, with a browser's headers; resume=None sends no file."""
    client.environ_base.update(
        {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
    )
    return post_application(client, **fields)


def pending_rows(app) -> int:
    with app.extensions["db"].sessions() as session:
        return session.scalar(select(func.count()).select_from(PendingUpload))
