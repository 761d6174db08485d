"""The firm's own page: its name, logo, accent colour and contact on every page.

FIRM_NAME names the page ("Apply to <firm>"), the footer and the emails; FIRM_LOGO is
served from here (no third-party host, under the same Content-Security-Policy);
ACCENT_COLOR reaches the stylesheet through /brand.css (no inline style, which the CSP
forbids). All of them are checked at start-up (config/branding.py).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, url_for

from config import current_settings
from config.branding import LOGO_TYPES

bp = Blueprint("brand", __name__)
# An SVG opened on its own is a document that could run script: give it none.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
MAX_AGE = 300  # a changed logo or colour shows within five minutes


def brand() -> dict:
    settings = current_settings()
    name = settings.firm_name
    logo = settings.firm_logo
    return {
        "name": name,
        "heading": f"Apply to {name}" if name else "Apply",
        "site": name or "Apply",
        "logo_url": url_for("brand.logo", suffix=logo.suffix.lower()[1:]) if logo else None,
        "contact_email": settings.contact_email,
        "reply_within": settings.reply_within,
    }


@bp.get("/brand.css")
def stylesheet():
    css = f":root {{ --accent: {current_settings().accent_color}; }}\n"
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@bp.get("/brand/logo.<suffix>")
def logo(suffix: str):
    path = current_settings().firm_logo
    if path is None or path.suffix.lower() != f".{suffix}":
        abort(404)
    # Small (checked at start-up): read whole, no file handle left to the server.
    response = Response(path.read_bytes(), mimetype=LOGO_TYPES[path.suffix.lower()])
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    if suffix == "svg":
        response.headers["Content-Security-Policy"] = SVG_POLICY
    return response


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"brand": brand()})
    app.register_blueprint(bp)
