"""The one escaping helper for text people typed that ends up in Slack mrkdwn, the one
way such text is cut to a Slack limit, and the text objects that carry it."""

from __future__ import annotations

from slack_sdk.models.blocks import MarkdownTextObject, PlainTextObject, SectionBlock

# Slack's limit for a section's text and for most text objects.
TEXT_MAX = SectionBlock.text_max_length
ELLIPSIS = "…"


def escape(text: str) -> str:
    """Escape `&`, `<`, `>` (in that order) so `<!channel>` or `<https://x|y>` stay literal.

    Use it together with `verbatim=True` on the text object (`mrkdwn()` does), which stops
    Slack from turning bare URLs, emails, channel names and mentions into links.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int, *, markup: bool = True) -> str:
    """`text` in at most `limit` characters, ending in "…" when it had to be cut.

    In mrkdwn (`markup`) the cut never falls inside an escape such as `&amp;`, which
    would show a stray "&am", nor inside a `<…>` we wrote (a mention, a date, a link),
    which would show raw markup.
    """
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS)]
    if markup:
        amp = head.rfind("&")
        if amp != -1 and ";" not in head[amp:]:
            head = head[:amp]
        if head.rfind("<") > head.rfind(">"):
            head = head[: head.rfind("<")]
    return head + ELLIPSIS


def mrkdwn(text: str, limit: int = TEXT_MAX) -> MarkdownTextObject:
    """A mrkdwn object whose markup we wrote; prospect text in it must be `escape`d."""
    return MarkdownTextObject(text=cut(text, limit), verbatim=True)


def plain(text: str, limit: int = TEXT_MAX) -> PlainTextObject:
    """A plain_text object (never parsed as markup, so nothing to escape)."""
    return PlainTextObject(text=cut(text, limit, markup=False), emoji=False)
