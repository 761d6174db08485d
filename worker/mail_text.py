"""Applicant text in outgoing mail: what the subject lines say, and what the bodies show.

Headers carry as little applicant text as possible. The confirmation is addressed to the
bare address, with no display name: in Python 3.11 the folder of address headers mangles
long display names (a 100-letter word renders as an empty line, which ends the header
block; long non-ASCII names come back with spaces inside words), quoting does not help,
and the prospect gains nothing from reading their own name there. Subjects name the lead
by number, and by name only when the whole subject is `literal` (nothing the email package
or a mail reader would decode, no line break) and reads back unchanged once rendered.
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage

from service.application import has_encoded_word_marks, is_forbidden_character
from service.sent_as import SentAs
from worker.message_check import UnsafeMessage, rendered


def literal(text: str) -> str | None:
    """`text` if it can stand in a header as it is, else None."""
    # The characters a name may not hold (control characters, line breaks of any kind,
    # bidi overrides), and what a mail reader could decode.
    if has_encoded_word_marks(text) or any(is_forbidden_character(ch) for ch in text):
        return None
    # The email package parses every value it is given; a value it would change is not
    # what we meant to send.
    if str(policy.default.header_factory("Subject", text)) != text:
        return None
    return text


def one_line(text: str) -> str:
    """`text` for a body: every character a name may not hold becomes a space, so a stored
    value can add no line to a body and cannot reorder the text around it."""
    return "".join(" " if is_forbidden_character(ch) else ch for ch in text)


def attorney_subject(lead_id: int, lead_name: str, sent: SentAs) -> str:
    """The notice's subject, with the names when they can be carried faithfully."""
    lead = f"lead #{lead_id}"
    if not sent.applied_again:
        named, bare = f"New applicant: {lead_name} ({lead})", f"New applicant: {lead}"
    elif not sent.differs:
        named = f"Applied again: {lead_name} ({lead}), address not verified"
        bare = f"Applied again: {lead}, address not verified"
    else:
        named = f'Applied again: {lead}, sent as "{sent.name}" (address not verified)'
        bare = f"Applied again: {lead} under another name, address not verified"
    return named if _faithful(named) else bare


def _faithful(subject: str) -> bool:
    """Whether `subject` reads back unchanged once rendered. Python 3.11 loses the space
    between two encoded words when it folds a long non-ASCII subject ("María José" comes
    back "MaríaJosé"): such a name stays out of the subject rather than arrive altered."""
    if literal(subject) is None:
        return False
    probe = EmailMessage()
    probe["Subject"] = subject
    try:
        rendered(probe)
    except UnsafeMessage:
        return False
    return True
