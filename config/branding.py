"""Checks of the branding settings (FIRM_NAME, FIRM_LOGO, ACCENT_COLOR, CONTACT_EMAIL,
REPLY_WITHIN), run at start-up so that a bad value stops the app with a message naming
the variable."""

from __future__ import annotations

from pathlib import Path

from email_validator import EmailNotValidError, validate_email

from config import colors

LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}
LOGO_MAX_BYTES = 512 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ONE_LINE_MAX = 100


def accent(value: str) -> str:
    """A #rrggbb colour white text can be read on (4.5:1), or ValueError with the ratio."""
    rgb = colors.parse_hex(value)
    ratio = colors.contrast(rgb, colors.WHITE)
    if ratio < colors.TEXT_MINIMUM:
        raise ValueError(
            f"white text on {colors.to_hex(rgb)} has a contrast ratio of {ratio:.2f}:1; "
            f"it needs at least {colors.TEXT_MINIMUM}:1 (WCAG 2.2 AA). Choose a darker colour."
        )
    return colors.to_hex(rgb)


def logo(value: Path) -> Path:
    """A readable PNG or SVG file of reasonable size, whose content matches its name."""
    path = value.expanduser().resolve()
    if path.suffix.lower() not in LOGO_TYPES:
        raise ValueError(f"{value} must be a .png or .svg file")
    if not path.is_file():
        raise ValueError(f"{value} is not a readable file")
    try:
        data = path.read_bytes()
    except OSError as exc:  # no permission, say: the app would stop with a bare traceback
        raise ValueError(f"{value} cannot be read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > LOGO_MAX_BYTES:
        raise ValueError(f"{value} is {len(data)} bytes; keep a logo under {LOGO_MAX_BYTES}")
    looks_right = (
        data.startswith(PNG_MAGIC)
        if path.suffix.lower() == ".png"
        else b"<svg" in data[:4096].lower()
    )
    if not looks_right:
        raise ValueError(f"{value} does not hold a {path.suffix.lower()[1:].upper()} image")
    return path


def contact(value: str) -> str:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"{value!r} is not an email address: {exc}") from None


def firm_name(value: str) -> str:
    """One line, and no "=?": the emails' From and Subject carry the name, and a mail
    reader (Python's email package too) decodes an encoded word like =?utf-8?q?...?= in
    a header, so the name would read as something else or make every email unsendable."""
    text = one_line(value)
    if "=?" in text:
        raise ValueError('may not contain "=?" (it reads as an encoded word in an email header)')
    return text


def one_line(value: str) -> str:
    """Free text shown on the page and in emails: one line, short."""
    text = " ".join(value.split())
    if len(text) > ONE_LINE_MAX:
        raise ValueError(f"keep it under {ONE_LINE_MAX} characters")
    return text
