"""Keep personal data out of logs and stored errors: logs carry ids, not people."""

from __future__ import annotations

import re

# Mail servers like to echo the address they refused ("550 <ada@example.com> unknown").
_EMAIL = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def redact(text: str) -> str:
    return _EMAIL.sub("<email>", text)
