"""The applicant's side of privacy, wired in one place: the form's notice
(web/templates/_privacy_notice.html: the firm that receives the application, how long it
is kept, the privacy policy when one is set), the withdrawal pages (web/withdraw.py) and
the operator's `flask leads` commands (web/cli.py)."""

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
            "firm_name": settings.firm_name or "our hiring team",
            "retention": retention_sentence(settings.retention_days),
            "policy_url": settings.privacy_policy_url,
        }
    }


def init_app(app: Flask) -> None:
    from web import withdraw
    from web.cli import leads_cli

    app.context_processor(_context)
    app.register_blueprint(withdraw.bp)
    app.cli.add_command(leads_cli)
