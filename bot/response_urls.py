"""Answers go only to response URLs on Slack's hosts.

`respond()` posts to whatever `response_url` the request body names, and the body is
only as trustworthy as the signing secret: whoever holds the secret alone could name a
member's user id and a URL of their own, and receive the leads (and resume links) the
member would have seen. Slack issues response URLs on `hooks.slack.com` (GovSlack runs
on `slack-gov.com`, hence `hooks.slack-gov.com`); the origin of `SLACK_API_URL` is allowed
as well, so that a Slack emulator (tests, a staging stand-in) can serve them.

The endpoint calls `ResponseUrls.foreign` once, before dispatch: everything downstream
(Bolt's `respond`, in a listener or in a lazy listener's copy of the request) uses the
body it checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

SLACK_HOSTS = ("hooks.slack.com", "hooks.slack-gov.com")
DEFAULT_PORTS = {"https": 443, "http": 80}
# Printable ASCII only: urlsplit silently drops tabs and newlines and strips leading
# spaces and controls, and HTTP clients differ on backslashes and non-ASCII hosts. A URL
# holding any of them is refused, not repaired.
_UNSAFE = re.compile(r"[^!-~]|\\")

Origin = tuple[str, str, int]


def origin_of(url: object) -> Origin | None:
    """(scheme, host, port) of an absolute http(s) URL without user info; else None."""
    if not isinstance(url, str) or _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    return scheme, parts.hostname, port or DEFAULT_PORTS[scheme]


def shown(url: object) -> str:
    """What a log may say of a refused URL: its origin, never the path's secrets."""
    if not isinstance(url, str):
        return f"a {type(url).__name__}"
    origin = origin_of(url)
    return f"{origin[0]}://{origin[1]}:{origin[2]}" if origin else "an unusable URL"


class ResponseUrls:
    def __init__(self, api_url: str) -> None:
        self._origins = {("https", host, 443) for host in SLACK_HOSTS}
        if api_origin := origin_of(api_url):
            self._origins.add(api_origin)

    def allows(self, url: object) -> bool:
        return origin_of(url) in self._origins

    def foreign(self, body: dict) -> list[object]:
        """The response URLs in a request body that answers must not be posted to."""
        return [url for url in _named_in(body) if url is not None and not self.allows(url)]


def _named_in(body: dict) -> Iterator[object]:
    """Every value Bolt or our code could post an answer to: `response_url`, and each
    `response_urls[].response_url` of a view submission. A malformed list is yielded as
    itself, so that it is refused."""
    yield body.get("response_url")
    many = body.get("response_urls")
    if many is None:
        return
    if not isinstance(many, list):
        yield many
        return
    for item in many:
        yield item.get("response_url") if isinstance(item, dict) else item
