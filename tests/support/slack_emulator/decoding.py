"""Reading a request the way Slack does: params from the query string and from the body.

Bodies may be form-encoded, multipart or JSON.  ``blocks``, ``metadata``, ``attachments``
and ``view`` sent as JSON strings are decoded.  Also here: the loose readers of booleans
and of the token.
"""

from __future__ import annotations

import contextlib
import json
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs

JSON_ENCODED_FIELDS = ("blocks", "metadata", "attachments", "view")


def decode_params(query: str, body: bytes, content_type: str) -> dict:
    """Merge query-string params with the body's, whatever its encoding."""
    params = _form_params(query)
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        params.update(_json_params(body.decode("utf-8", "replace")))
    elif kind == "multipart/form-data":
        params.update(_multipart_params(body, content_type))
    elif body:
        params.update(_form_params(body.decode("utf-8", "replace")))
    return _decode_json_fields(params)


def truthy(value: Any) -> bool:
    """Slack's reading of a boolean param: "1", "true" or "yes" (any case) are true."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def bearer_token(headers: dict) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, if there is one."""
    for name, value in headers.items():
        if name.lower() == "authorization" and value.startswith("Bearer "):
            return value[len("Bearer ") :].strip()
    return None


def _decode_json_fields(params: dict) -> dict:
    for name in JSON_ENCODED_FIELDS:
        value = params.get(name)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                params[name] = json.loads(value)
    return params


def _form_params(text: str) -> dict:
    return {key: values[-1] for key, values in parse_qs(text, keep_blank_values=True).items()}


def _json_params(text: str) -> dict:
    try:
        decoded = json.loads(text) if text.strip() else {}
    except ValueError:
        return {"_raw_body": text}
    return decoded if isinstance(decoded, dict) else {"_json_body": decoded}


def _multipart_params(body: bytes, content_type: str) -> dict:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    params: dict = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        is_file = part.get_filename() is not None
        params[name] = payload if is_file else payload.decode("utf-8", "replace")
    return params
