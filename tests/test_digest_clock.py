"""DIGEST_AT: a time of day, refused at start-up when it is not one, and read in TIMEZONE
(its date and its clock, across both daylight-saving changes)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import pytest

from config.settings import ConfigError


@pytest.mark.parametrize("value", ["8h30", "25:00", "08:61", "0830", "tomorrow"])
def test_a_bad_digest_at_stops_start_up_naming_the_variable(config, value):
    from web import create_app

    with pytest.raises(ConfigError) as raised:
        create_app({**config, "DIGEST_AT": value})
    assert "DIGEST_AT" in str(raised.value) and "08:30" in str(raised.value)


@pytest.mark.parametrize(
    "digest_at, moment, due",
    [
        # Sunday 29 March 2026: Paris skips from 02:00 to 03:00; a 02:30 digest is due at 03:00.
        ("02:30", datetime(2026, 3, 29, 0, 59, tzinfo=UTC), None),  # 01:59 CET
        ("02:30", datetime(2026, 3, 29, 1, 0, tzinfo=UTC), date(2026, 3, 29)),  # 03:00 CEST
        # The local date and time, not UTC's: 22:30 UTC on Sunday is 00:30 on Monday there.
        ("00:30", datetime(2026, 3, 29, 22, 29, tzinfo=UTC), None),
        ("00:30", datetime(2026, 3, 29, 22, 30, tzinfo=UTC), date(2026, 3, 30)),
    ],
)
def test_the_day_and_the_time_are_the_zones_own(digest_at, moment, due):
    from config.business_hours import always, time_of_day
    from service.digest import due_day

    assert due_day(time_of_day(digest_at), always("Europe/Paris"), moment) == due


def test_a_digest_at_the_hour_autumn_repeats_goes_out_once(slack, slack_config, make_app):
    # Sunday 25 October 2026: Paris goes back from 03:00 to 02:00, so 02:30 comes twice
    # (00:30 and 01:30 UTC); the second one, in this process or a restarted one, is settled.
    from tests.test_digest_schedule import digest_days, idle_at

    config = {**slack_config, "DIGEST_AT": "02:30", "TIMEZONE": "Europe/Paris"}
    app = make_app(config, migrate=True)
    assert idle_at(app, datetime(2026, 10, 25, 0, 29, tzinfo=UTC)) is None
    assert idle_at(app, datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) is not None  # CEST
    assert idle_at(app, datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) is None  # CET
    assert idle_at(make_app(config), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) is None
    assert digest_days(slack) == ["2026-10-25"]


def test_digest_at_without_slack_says_no_digest_goes_out(config, make_app, caplog):
    with caplog.at_level(logging.WARNING, logger="leads.worker.slack"):
        make_app({**config, "DIGEST_AT": "08:30"})
    assert "DIGEST_AT is set, but no digest is posted" in caplog.text
    assert "SLACK_BOT_TOKEN" in caplog.text


def test_digest_at_without_a_leads_channel_says_so_too(slack_config, make_app, caplog):
    with caplog.at_level(logging.WARNING, logger="leads.worker.slack"):
        make_app({**slack_config, "SLACK_LEADS_CHANNEL": "", "DIGEST_AT": "08:30"})
    assert "DIGEST_AT is set, but no digest is posted" in caplog.text
    assert "SLACK_LEADS_CHANNEL" in caplog.text
