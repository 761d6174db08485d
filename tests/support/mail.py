"""Reading the raw DATA an SMTP server received: the header block as sent, and a check
that nothing an applicant typed became a header or a line of its own."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

CRLF = b"\r\n"
# The top-level headers the app sets on every message (MIME-Version comes before or after
# Content-Type depending on whether the message is multipart).
FIELDS = ["from", "to", "subject", "date", "message-id", "content-type", "mime-version"]
# What the hostile names try to smuggle in. None of it may reach a header, decoded or not,
# or start a line of a body.
INJECTED = ("reply-to", "x-inj", "phish", "attacker", "urgent", "evil.example", "bcc")


def header_block(raw: bytes) -> bytes:
    head, end, _ = raw.partition(CRLF + CRLF)
    assert end, "the message has no end to its header block"
    return head


def field_names(raw: bytes) -> list[str]:
    """The field names of the top-level header block, as the bytes say (folded lines are
    continuations)."""
    lines = header_block(raw).split(CRLF)
    return [line.split(b":", 1)[0].decode().lower() for line in lines if line[:1] not in b" \t"]


def parse(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)


def assert_nothing_injected(raw: bytes) -> EmailMessage:
    """The header block holds exactly the app's fields and no CR or LF but the line ends; no
    header value holds a line break, no top-level one an injected word (decoded or raw),
    and no line of a text part starts with one. Returns the parsed message."""
    head = header_block(raw)
    assert b"\r" not in head.replace(CRLF, b"") and b"\n" not in head.replace(CRLF, b"")
    assert sorted(field_names(raw)) == sorted(FIELDS), head.decode("ascii", "replace")
    message = parse(raw)
    for name, value in message.items():
        assert not any(word in str(value).lower() for word in INJECTED), (name, str(value))
    for part in message.walk():
        for name, value in part.items():
            assert len((str(value) + "x").splitlines()) == 1, (name, str(value))
        if part.get_content_maintype() == "text":
            for line in part.get_content().splitlines():
                assert not line.strip().lower().startswith(INJECTED), line
    assert not any(word.encode() in head.lower() for word in INJECTED), head
    return message
