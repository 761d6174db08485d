"""What the form's privacy notice says (web/templates/_privacy_notice.html): the firm
that receives the application, how long it is kept, the privacy policy when one is set."""

from __future__ import annotations

from flask import Flask

from config import current_settings


def retention_sentence(days: float) -> str:
    if days <= 0:
        return "It is kept until you withdraw it or the firm deletes it."
    unit = "day" if days == 1 else "days"
    return f"It is deleted {days:g} {unit} after the last activity on it."


def _context() -> dict:
    settings = current_settings()
    return {
        "privacy": {
            "firm_name": settings.firm_name,
            "retention": retention_sentence(settings.retention_days),
            "policy_url": settings.privacy_policy_url,
        }
    }


def init_app(app: Flask) -> None:
    app.context_processor(_context)
