"""What a prospect submits, validated: names, email and resume."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cached_property

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from service import filetypes
from service.sizes import size_label

NAME_MAX = 100
EMAIL_MAX = 254
FILENAME_MAX = 120
# Bidirectional overrides can make a name display as something else in Slack or email.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# Control characters, surrogates, and line/paragraph separators (which break email headers).
_FORBIDDEN_CATEGORIES = ("Cc", "Cs", "Zl", "Zp")


# "=?" opens and "?=" closes an RFC 2047 encoded word, which Python's email package decodes
# wherever it meets one in a header (3.11 before 3.11.10 then writes a decoded CR LF out
# as a real line break). Either half is refused on its own: a first name may open a word
# that the last name closes, across the space between them.
_ENCODED_WORD_MARKS = ("=?", "?=")


def has_encoded_word_marks(text: str) -> bool:
    return any(mark in text for mark in _ENCODED_WORD_MARKS)


def is_forbidden_character(ch: str) -> bool:
    """Never in a name: a control character, a line break of any kind, a bidi override."""
    return unicodedata.category(ch) in _FORBIDDEN_CATEGORIES or ch in _BIDI_CONTROLS


def _has_control_characters(text: str) -> bool:
    return any(is_forbidden_character(ch) for ch in text)


def display_filename(raw: str | None) -> str:
    """A safe name to show people: the last path part, printable, short. Never a path."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(ch for ch in name if not _has_control_characters(ch)).strip(" .")
    return name[:FILENAME_MAX] or "resume"


def too_large_message(max_bytes: int) -> str:
    """What the form says of a file over the cap, from the server or from the page's script."""
    return f"The file is larger than {size_label(max_bytes)}. Please choose a smaller file."


class ResumeUpload(BaseModel):
    model_config = ConfigDict(frozen=True)

    filename: str
    data: bytes
    max_bytes: int

    @model_validator(mode="after")
    def _check(self) -> ResumeUpload:
        if not self.data:
            raise ValueError("The file is empty. Please choose your resume again.")
        if len(self.data) > self.max_bytes:
            raise ValueError(too_large_message(self.max_bytes))
        if self.filetype is None:
            raise ValueError("Please upload a PDF or Word document (.pdf, .doc or .docx).")
        return self

    # Cached: detection (a ZIP directory read for DOCX) and hashing run once per upload,
    # although validation, de-duplication and the insert all ask.
    @cached_property
    def filetype(self) -> filetypes.FileType | None:
        return filetypes.detect(self.data)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def safe_filename(self) -> str:
        return display_filename(self.filename)


class Application(BaseModel):
    """A validated application. Names are trimmed and NFC-normalised; email normalised."""

    model_config = ConfigDict(frozen=True)

    first_name: str
    last_name: str
    email: str
    resume: ResumeUpload

    @field_validator("first_name", "last_name", mode="before")
    @classmethod
    def _name(cls, value: object, info: ValidationInfo) -> str:
        text = unicodedata.normalize("NFC", str(value or "")).strip()
        if not text:
            # Named, as the error summary lists it away from its field.
            which = "first" if info.field_name == "first_name" else "last"
            raise ValueError(f"Please enter your {which} name.")
        if _has_control_characters(text):
            raise ValueError("Please use letters, spaces and punctuation only.")
        if has_encoded_word_marks(text):
            raise ValueError("Please type your name as plain text, without “=?” or “?=”.")
        if len(text) > NAME_MAX:
            raise ValueError(f"Please keep this under {NAME_MAX} characters.")
        return text

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: object) -> str:
        text = str(value or "").strip()
        if not text:
            raise ValueError("Please enter your email address.")
        # "=?" and "?=" are legal in a local part, but the email package decodes them as
        # an encoded word and then cannot address the message: refuse them here, clearly.
        if _has_control_characters(text) or has_encoded_word_marks(text) or len(text) > EMAIL_MAX:
            raise ValueError("Please enter a valid email address.")
        try:
            # Plain-ASCII local parts only: not every mail server speaks SMTPUTF8.
            result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
        except EmailNotValidError:
            raise ValueError("Please enter a valid email address, like name@example.com.") from None
        # The ASCII form (IDNA domain) is what every mail server can deliver to.
        return result.ascii_email or result.normalized

    @field_validator("resume", mode="before")
    @classmethod
    def _resume_given(cls, value: object) -> object:
        if value is None:
            raise ValueError("Please attach your resume (PDF or Word document).")
        return value

    @property
    def email_key(self) -> str:
        return self.email.lower()
