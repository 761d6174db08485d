"""How the form's body is read: one size cap for the resume, one answer for it.

A resume over RESUME_MAX_BYTES must get the form back with what was typed and a message
beside the file field, whether it is one byte over or several megabytes over. So the
form's POST may be up to FORM_BODY_LIMIT, and each uploaded file is kept only up to the
cap plus one byte (enough to say "too large"); the rest is read and dropped, never held.
Text fields come before the file in a browser's body, so they are all read. Past
FORM_BODY_LIMIT (or Flask's part and field limits) the 413 page answers (web/errors.py).
"""

from __future__ import annotations

import tempfile
from typing import IO

from flask import Request, current_app

from config import current_settings

# The same bound as the 413 page's draining (web/errors.py): what we accept to read of a
# body in order to give a person a page instead of a reset connection.
FORM_BODY_LIMIT = 64 * 1024 * 1024
# Uploads up to this size stay in memory; a larger one is spooled to a temporary file.
IN_MEMORY = 512 * 1024


class CappedFile:
    """A writable file that keeps the first `cap` bytes written and counts the rest."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.received = 0
        self._file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - closed with the request

    def write(self, data: bytes) -> int:
        room = self.cap - self.received
        if room > 0:
            self._file.write(data[:room])
        self.received += len(data)
        return len(data)

    def __getattr__(self, name: str):
        # read, readline, seek, tell, close, …: the kept bytes, as a file.
        return getattr(self._file, name)


class FormRequest(Request):
    """Flask's Request, with uploads capped as above (app.request_class)."""

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        if not current_app:
            return super()._get_file_stream(
                total_content_length, content_type, filename, content_length
            )
        return CappedFile(current_settings().resume_max_bytes + 1)  # type: ignore[return-value]


def allow_form_body(request: Request) -> None:
    """Raise this request's body limit to FORM_BODY_LIMIT (the form's POST only)."""
    request.max_content_length = FORM_BODY_LIMIT
