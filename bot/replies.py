"""The private one-line answers every listener may give."""

from __future__ import annotations

SORRY = "Something went wrong on our side; nothing was changed. Please try again."


def private(text: str) -> dict:
    """An ephemeral message for the actor only; under a card it never replaces the card."""
    return {"text": text, "response_type": "ephemeral", "replace_original": False}


BUSY = "Slack is busy just now, so we could not check who you are. Please try again."


def denial(workspace_name: str) -> dict:
    return private(f"Only members of {workspace_name} can see or change leads.")
