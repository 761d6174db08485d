"""The last look at an email before it leaves: its rendered headers are the headers set.

Python's email package decodes RFC 2047 encoded words (`=?utf-8?q?...?=`) in any header
value it is given, and before 3.11.10 / 3.12.5 (CVE-2024-6923) it writes a decoded CR LF
out as a real line break when it folds the header: one value becomes several headers, or
ends the header block and starts the body. Validation keeps such text out of names, but
this check does not rely on it. The message is rendered once, here, into the bytes that
are sent, and refused unless

- the top-level header block has no CR or LF other than the CRLF that ends each line
  (a bare LF before a space reads back as a fold, and some servers take it for a line
  end), and its field names are exactly the ones set, in order;
- parsed back, every part has exactly the headers it was given, each with the value it
  was given (up to runs of white space, which folding may add), and no value holds a
  line break of any kind.

Problems are described by header names the code set and part numbers, never by values:
the text ends up in the log and in the job's stored error.
"""

from __future__ import annotations

import re
from email import errors
from email.message import EmailMessage
from email.parser import BytesParser
from itertools import zip_longest

CRLF = b"\r\n"
FIELD_LINE = re.compile(rb"[!-9;-~]+:")  # RFC 5322 field name: printable ASCII but ":"


class UnsafeMessage(Exception):
    """The rendered message does not say what was set: it must not be sent."""


def rendered(message: EmailMessage, *, utf8: bool = False) -> bytes:
    """The bytes to send (CRLF line ends, as on the wire), once they passed the check."""
    try:
        data = message.as_bytes(policy=message.policy.clone(linesep="\r\n", utf8=utf8))
    except (errors.MessageError, ValueError, TypeError) as exc:
        # A Python with the CVE-2024-6923 fix refuses such a header itself (HeaderWriteError).
        raise UnsafeMessage(f"the message cannot be rendered ({type(exc).__name__})") from exc
    check(message, data)
    return data


def header_reads_back(name: str, value: str) -> bool:
    """Whether `value`, set as header `name`, passes this check in ASCII and in UTF-8.
    Python's email package folds some long display names wrongly (a quoted name loses its
    quotes and reads as several addresses; an encoded word is split inside a word), so a
    name can be fine on the page and still unsendable in From."""
    message = EmailMessage()
    try:
        message[name] = value
        for utf8 in (False, True):
            rendered(message, utf8=utf8)
    except (UnsafeMessage, errors.MessageError, ValueError, TypeError):
        return False
    return True


def check(message: EmailMessage, data: bytes) -> None:
    """Raise UnsafeMessage unless `data` says exactly what `message` was given."""
    problem = _header_block_problem(message, data) or _parsed_back_problem(message, data)
    if problem:
        raise UnsafeMessage(problem)


def _header_block_problem(message: EmailMessage, data: bytes) -> str | None:
    head, end, _ = data.partition(CRLF + CRLF)
    if not end:
        return "the rendered message has no end to its header block"
    if b"\r" in head.replace(CRLF, b"") or b"\n" in head.replace(CRLF, b""):
        return "a header line holds a bare CR or LF"
    names = []
    for line in head.split(CRLF):
        if line[:1] in (b" ", b"\t") and names:
            continue  # a folded continuation of the field before
        field = FIELD_LINE.match(line)
        if field is None:
            return f"header line {len(names) + 1} is not a field"
        names.append(field.group()[:-1].decode("ascii").lower())
    expected = [name.lower() for name, _ in message.items()]
    if names != expected:
        return _first_difference("the rendered header block", expected, names, message.keys())
    return None


def _parsed_back_problem(message: EmailMessage, data: bytes) -> str | None:
    policy = message.policy
    if hasattr(policy, "header_factory"):
        policy = policy.clone(header_factory=_ParsedOnce(policy.header_factory))
    parsed = BytesParser(policy=policy).parsebytes(data)
    for number, (sent, read) in enumerate(zip_longest(message.walk(), parsed.walk()), start=1):
        if sent is None or read is None:
            return "the rendered message has a different number of MIME parts"
        problem = _part_problem(number, sent, read)
        if problem:
            return problem
    return None


class _ParsedOnce:
    """A header factory that parses each (name, raw value) once in one check.

    While it reads a message, the parser asks for each part's Content-Type again and
    again (its type, main type, boundary, charset), and every ask parsed the raw value
    anew: most of the check's time. The same raw value always parses to the same header,
    so the first one is handed out again. One per check: no applicant's header outlives
    the check of their email.
    """

    def __init__(self, factory) -> None:
        self._factory = factory
        self._parsed: dict[tuple[str, str], object] = {}

    def __call__(self, name: str, value: str):
        key = (name, value)
        if key not in self._parsed:
            self._parsed[key] = self._factory(name, value)
        return self._parsed[key]


def _part_problem(number: int, sent: EmailMessage, read: EmailMessage) -> str | None:
    for name, value in sent.items():
        if _has_line_break(str(value)):
            return f"the {name} header of part {number} holds a line break"
    expected = [(name.lower(), _spaced(str(value))) for name, value in sent.items()]
    found = [(name.lower(), _spaced(str(value))) for name, value in read.items()]
    if found != expected:
        return _first_difference(f"part {number}", expected, found, sent.keys())
    return None


def _first_difference(where: str, expected: list, found: list, names: list[str]) -> str:
    index = next(i for i, pair in enumerate(zip_longest(expected, found)) if pair[0] != pair[1])
    at = f"at {names[index]}" if index < len(names) else "after the last header set"
    return (
        f"{where} does not read back as set: {len(found)} fields where {len(expected)} "
        f"were set, the first difference {at}"
    )


def _spaced(text: str) -> str:
    # Folding may add a space where it breaks a line (a value folded right after its
    # name reads back with a leading one): runs of white space compare as one space.
    # A space lost, or any other character changed, is still a difference.
    return " ".join(text.split())


def _has_line_break(text: str) -> bool:
    # splitlines() knows every line boundary: CR, LF, VT, FF, FS, GS, RS, NEL, LS, PS.
    return len((text + "x").splitlines()) > 1
