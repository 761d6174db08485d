"""Headers of outgoing mail: valid but awkward names arrive intact and change no header,
every name the form accepts renders into messages that pass the last check, and that
check refuses the message the reported injection produced."""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import select

from db.models import Lead, OutboxJob, Resume
from db.types import utcnow
from service.application import Application
from tests.support.files import pdf_bytes
from tests.support.form import post_application
from tests.support.mail import assert_nothing_injected, parse
from tests.support.smtp import use_smtp
from web import create_app
from worker.email_jobs import attorney_message, confirmation_message
from worker.mail_text import literal
from worker.message_check import UnsafeMessage, check, rendered

AWKWARD = {
    # id: (first name, last name, whether the attorney's subject must carry the name)
    # Python 3.11's address folder turns a display name of long words into an empty line
    # (the end of the header block) and puts spaces inside long non-ASCII names; its
    # subject folder loses the space between two encoded words ("María José" comes back
    # "MaríaJosé"), so such a name may stay out of the subject.
    "long-words": ("a" * 100, "b" * 100, True),
    "long-non-ascii": ("José María " * 9, "Ñoño-Álvarez " * 7, False),
    "cjk": ("李小龙" * 33, "王", True),
    "quotes-and-commas": ('O\'Brien "Bob", Jr.', "(Smith); <x>", True),
    "marks-apart": ("Eve=Doe?", "?Ada=", True),
    "ideographic-space": ("Ada\u3000Augusta", "King-Noel", True),
    # 74 characters: folded right after "Subject:", read back with a leading space.
    "subject-folded-whole": ("Augusta Ada", "King-Noel, Countess of Lovelace Byron", True),
}


def spaced(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("first", "last", "named"), AWKWARD.values(), ids=AWKWARD.keys())
def test_awkward_valid_names_arrive_without_changing_a_header(
    app, client, smtp_server, first, last, named
):
    use_smtp(app, smtp_server)
    assert post_application(client, first_name=first, last_name=last).status_code == 303
    assert app.extensions["worker"].drain() == 2
    smtp_server.wait_for(2)
    with app.extensions["db"].sessions() as session:
        lead = session.scalars(select(Lead)).one()
    received = {}
    for raw in smtp_server.raw_messages:
        message = assert_nothing_injected(raw)
        received[str(message["To"])] = message
    confirmation = received["ada@example.com"]
    assert f"Dear {lead.first_name}," in confirmation.get_body(("plain",)).get_content()
    subject = spaced(received["partner@example.com"]["Subject"])
    with_name = spaced(f"New applicant: {lead.full_name} (lead #{lead.id})")
    allowed = [with_name] if named else [with_name, f"New applicant: lead #{lead.id}"]
    assert subject in allowed
    assert lead.full_name in received["partner@example.com"].get_body(("plain",)).get_content()


@pytest.fixture(scope="module")
def mail_app(tmp_path_factory):
    """An app for composing messages only: nothing here touches its database."""
    tmp = tmp_path_factory.mktemp("compose")
    config = {"LEADS_ENV": "testing", "INSTANCE_PATH": str(tmp), "SECRET_KEY": "k"}
    return create_app({**config, "DATABASE_URL": f"sqlite:///{tmp / 'unused.sqlite3'}"})


RESUME = {"filename": "cv.pdf", "data": pdf_bytes(), "max_bytes": 1024 * 1024}
awkward = st.sampled_from("aé李Ñ -'\",()<>@;:=?\u3000")
names = st.one_of(
    st.text(st.one_of(st.characters(), awkward)),
    # Many words, long enough to be folded, where the folders of Python 3.11 go wrong.
    st.lists(
        st.text(st.one_of(awkward, st.characters()), min_size=1, max_size=25), max_size=12
    ).map(" ".join),
)


def accepted(first: str, last: str) -> Application | None:
    try:
        return Application(first_name=first, last_name=last, email="a@example.com", resume=RESUME)
    except ValidationError:
        return None


def messages_for(lead_names: Application, typed: Application, again: bool):
    now = utcnow()
    lead = Lead(id=42, email="ada@example.com", created_at=now)
    lead.first_name, lead.last_name = lead_names.first_name, lead_names.last_name
    resume = Resume(id=7, filename="cv.pdf", kind="pdf", content_type="application/pdf")
    resume.size, resume.data, resume.created_at = len(RESUME["data"]), RESUME["data"], now
    if again:
        resume.submitted_first_name, resume.submitted_last_name = typed.first_name, typed.last_name
    payload = {"resume_id": 7, "applied_again": again, "to": "partner@example.com"}
    job = OutboxJob(id=3, kind="email", payload=payload, created_at=now)
    return confirmation_message(job, lead, resume), attorney_message(job, lead, resume)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names, names, names, names, st.booleans())
# The subject is just too long for one line: 3.11 folds it right after "Subject:", and
# it reads back with a leading space (a difference of white space only).
@example("0", "0", "00000", "000000", True)
def test_every_accepted_name_renders_into_messages_that_pass_the_check(
    mail_app, first, last, typed_first, typed_last, again
):
    lead_names, typed = accepted(first, last), accepted(typed_first, typed_last)
    if lead_names is None or typed is None:
        return
    with mail_app.app_context():
        for message in messages_for(lead_names, typed, again):
            subject = str(message["Subject"])
            read_back = parse(rendered(message))  # raises UnsafeMessage if it is not safe
            assert spaced(str(read_back["Subject"])) == spaced(subject)


def test_the_check_refuses_what_the_reported_names_produced():
    """The message as the earlier code built it, with the names of the report."""
    name = (
        "=?utf-8?q?Eve=0D=0AReply-To:_phish=40attacker.example=0D=0AX-Inj:?= "
        "=?utf-8?q?Doe=0D=0A=0D=0AURGENT:_verify_your_account_at_http://evil.example/login?="
    )
    for to, subject in [
        (Address(display_name=name, addr_spec="ada@example.com"), "We received it"),
        ("partner@example.com", f"New applicant: {name}"),
        ("ada@example.com", "Fine"),  # the control: this one passes
    ]:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "h@example.com", to, subject
        message.set_content("Dear Eve,")
        if subject == "Fine":
            assert parse(rendered(message))["Subject"] == "Fine"
            continue
        with pytest.raises(UnsafeMessage, match="does not read back as set"):
            rendered(message)


@pytest.mark.parametrize(
    "text", ["=?utf-8?x?abc?=", "Eve ?= Doe", "=? Eve", "Eve\u2028Doe", "Eve\x85Doe", "Eve\rDoe"]
)
def test_text_a_reader_could_decode_or_break_never_stands_in_a_header(text):
    """Python leaves these alone, but a mail reader may decode what looks like an encoded
    word, or break a line at a separator."""
    assert literal(text) is None
    assert literal("Eve=Doe? O'Brien") == "Eve=Doe? O'Brien"


def test_a_value_that_decodes_to_a_line_break_is_refused():
    """What a Python with the CVE-2024-6923 fix writes: the line break kept inside an
    encoded word. The header block is sound; the value read back still breaks a line."""
    message, data = composed()
    word = "=?utf-8?q?We=0D=0AReply-To:_eve=40evil.example?="
    message.replace_header("Subject", word)
    data = data.replace(b"We received your application", word.encode(), 1)
    with pytest.raises(UnsafeMessage, match="Subject header of part 1 holds a line break"):
        check(message, data)


def composed() -> tuple[EmailMessage, bytes]:
    message = EmailMessage()
    message["From"], message["To"] = "h@example.com", "ada@example.com"
    message["Subject"] = "We received your application"
    message.set_content("Dear Ada,")
    message.add_alternative("<p>Dear Ada,</p>", subtype="html")
    return message, rendered(message)


TAMPERED = {
    # id: (bytes in the rendered message, what they become)
    "bare-lf-fold": (b"received your", b"received\n your"),
    "bare-cr": (b"received your", b"received\r your"),
    "extra-field": (b"\r\nSubject:", b"\r\nReply-To: eve@evil.example\r\nSubject:"),
    "header-block-ended": (b"your application\r\n", b"your\r\n\r\napplication\r\n"),
    "value-changed": (b"your application", b"your applicatiom"),
    "part-header-added": (b"Content-Type: text/plain;", b"X-Inj: 1\r\nContent-Type: text/plain;"),
    # The same raw header in two parts is parsed once per check: still each part's own.
    "part-type-as-another": (b"Content-Type: text/html;", b"Content-Type: text/plain;"),
}


@pytest.mark.parametrize(("before", "after"), TAMPERED.values(), ids=TAMPERED.keys())
def test_the_check_reads_the_bytes(before, after):
    message, data = composed()
    assert before in data
    with pytest.raises(UnsafeMessage):
        check(message, data.replace(before, after, 1))
