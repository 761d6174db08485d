"""Who a resume was sent as, and how to say it.

Nobody verifies an address: a resume sent under the address of a pending lead joins that
lead, whoever sent it. So each later resume keeps the names typed with it
(`resumes.submitted_first_name` / `submitted_last_name`), and everything that shows such
a resume (the Slack thread, the attorney's notice, `/leads 42`) names those names when
they differ from the lead's and says that the address was not verified.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.models import Lead, Resume, search_key


@dataclass(frozen=True)
class SentAs:
    name: str | None  # what was typed with the resume; None when it was not recorded
    applied_again: bool  # sent under the address of a lead that already existed
    differs: bool  # the names typed are not the lead's


def sent_as(lead: Lead, resume: Resume, *, applied_again: bool) -> SentAs:
    """`applied_again`: whether `resume` came after the lead's first one."""
    if not applied_again:
        return SentAs(name=lead.full_name, applied_again=False, differs=False)
    if resume.submitted_first_name is None or resume.submitted_last_name is None:
        # Sent before the names were kept with each resume.
        return SentAs(name=None, applied_again=True, differs=False)
    typed = f"{resume.submitted_first_name} {resume.submitted_last_name}"
    # Case and spacing are not a different person ("ada  LOVELACE" is Ada Lovelace).
    return SentAs(
        name=typed, applied_again=True, differs=search_key(typed) != search_key(lead.full_name)
    )


def sentence(lead: Lead, sent: SentAs) -> str:
    """One plain-text sentence on where a later resume came from; escape it for the medium."""
    if sent.name is None:
        return (
            f"A new resume was sent under {lead.email}; the name typed with it was not "
            "recorded. The address was not verified."
        )
    if sent.differs:
        return (
            f"A resume was sent under {lead.email} by someone who gave the name "
            f"“{sent.name}”. The address was not verified."
        )
    return (
        f"{lead.full_name} applied again with a new resume, sent under {lead.email}. "
        "The address was not verified."
    )
