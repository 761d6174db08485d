"""The one way to build a Slack Web API client from the settings."""

from __future__ import annotations

from slack_sdk import WebClient


def make_client(settings, timeout: float) -> WebClient:
    # No automatic retries: a retried chat.postMessage could post twice. The outbox
    # retries, and looks for an earlier copy first.
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[],
    )
