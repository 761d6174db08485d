"""The "Add note" modal: one multi-line input of up to 3,000 characters. The lead's id
travels in `private_metadata`, and nothing else."""

from __future__ import annotations

from slack_sdk.models.blocks import InputBlock, PlainTextInputElement
from slack_sdk.models.views import View

from service.notes import NOTE_MAX
from slackkit.mrkdwn import plain

NOTE_VIEW = "lead_note"
NOTE_BLOCK = "note"
NOTE_INPUT = "note_text"
TITLE_MAX = 24  # Slack's limit for a modal's title, submit and close


def note_view(lead_id: int) -> dict:
    return View(
        type="modal",
        callback_id=NOTE_VIEW,
        private_metadata=str(lead_id),
        title=plain(f"Note on lead #{lead_id}", TITLE_MAX),
        submit=plain("Save note", TITLE_MAX),
        close=plain("Cancel", TITLE_MAX),
        blocks=[
            InputBlock(
                block_id=NOTE_BLOCK,
                label=plain("Note"),
                element=PlainTextInputElement(
                    action_id=NOTE_INPUT, multiline=True, max_length=NOTE_MAX
                ),
            )
        ],
    ).to_dict()


def submitted(body: dict) -> tuple[int | None, str]:
    """The lead id and the note's text of a `view_submission`."""
    view = body.get("view") or {}
    try:
        lead_id: int | None = int(view.get("private_metadata", ""))
    except ValueError:
        lead_id = None
    values = (view.get("state") or {}).get("values") or {}
    text = ((values.get(NOTE_BLOCK) or {}).get(NOTE_INPUT) or {}).get("value") or ""
    return lead_id, text
