"""The one way a number of bytes is shown to people: in Slack, in email, on the form.

One decimal below ten, whole numbers from ten ("2.0 KB", "512 KB", "10 MB"), in units of
1024, as `ls -h` and most file managers show sizes.
"""

from __future__ import annotations

_UNITS = ("KB", "MB", "GB")


def size_label(size: int) -> str:
    """For example "2.0 KB", "10 MB", "1 byte", "512 bytes"."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    value, unit = size / 1024, _UNITS[0]
    # Rounded as it will be shown, so 1023.9 KB reads "1.0 MB", not "1024 KB".
    for bigger in _UNITS[1:]:
        if round(value) < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{value:.1f} {unit}" if round(value, 1) < 10 else f"{value:.0f} {unit}"
