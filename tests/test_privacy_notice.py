"""The form's notice under its button: the firm, the retention, the privacy policy."""

from __future__ import annotations

import re

import pytest

from tests.conftest import migrated_app


def notice(config, **settings) -> str:
    app = next(migrated_app({**config, **settings}))
    page = app.test_client().get("/").get_data(as_text=True)
    match = re.search(r'<p class="notice" id="privacy-notice">(.*?)</p>', page, re.S)
    assert match, "no notice on the form"
    assert page.index("Send application") < match.start()  # under the button
    return " ".join(match.group(1).split())


@pytest.mark.parametrize(
    ("days", "says"),
    [("180", "deleted 180 days after"), ("0.5", "deleted 0.5 days after"), ("0", "kept until")],
)
def test_the_notice_names_the_firm_and_the_retention(config, days, says):
    text = notice(config, FIRM_NAME="Smith & Jones LLP", RETENTION_DAYS=days)
    assert "goes to Smith &amp; Jones LLP." in text and says in text
    assert "<a " not in text


def test_the_notice_links_the_privacy_policy_when_set(config):
    text = notice(config, PRIVACY_POLICY_URL="https://smith.example/privacy")
    assert '<a href="https://smith.example/privacy">' in text and "goes to our hiring team." in text
