"""The one escaping helper for text people typed that ends up in Slack mrkdwn."""

from __future__ import annotations


def escape(text: str) -> str:
    """Escape `&`, `<`, `>` (in that order) so `<!channel>` or `<https://x|y>` stay literal.

    Use it together with `"verbatim": True` on the text object, which stops Slack from
    turning bare URLs, emails, channel names and mentions into links.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = 3000) -> dict:
    """A plain_text object (never parsed as markup), cut to Slack's `limit`."""
    return {"type": "plain_text", "text": _cut(text, limit), "emoji": False}


def verbatim(text: str) -> dict:
    """A mrkdwn object whose markup we wrote; prospect text in it must be `escape`d."""
    return {"type": "mrkdwn", "text": _cut(text, 3000), "verbatim": True}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
