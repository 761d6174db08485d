"""Post the public form the way a browser does: fetch it, keep the cookie, send the token."""

from __future__ import annotations

import io
import re

from tests.support.files import pdf_bytes

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client) -> str:
    page = client.get("/")
    return TOKEN.search(page.get_data(as_text=True)).group(1)


def application(**overrides) -> dict:
    fields = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "resume": (pdf_bytes(), "Ada CV.pdf"),
    }
    fields.update(overrides)
    return fields


def post_application(client, token: str | None = None, **overrides):
    fields = application(**overrides)
    data = {key: value for key, value in fields.items() if value is not None}
    if isinstance(data.get("resume"), tuple):
        content, name = data["resume"]
        data["resume"] = (io.BytesIO(content), name)
    data.setdefault("csrf_token", token if token is not None else csrf_token(client))
    response = client.post("/", data=data, content_type="multipart/form-data")
    # Werkzeug's test client spools a body over 500 kB to a temporary file it never closes.
    response.request.input_stream.close()
    return response


def error_for(page: str, field: str) -> str | None:
    """The message the form shows beside `field`, if any."""
    prefix = '<span class="visually-hidden">Error:</span> '
    match = re.search(rf'id="{field}-error">(?:{re.escape(prefix)})?([^<]+)<', page)
    return match.group(1) if match else None
