"""Settings are read once, validated, and production refuses to run without SECRET_KEY."""

from __future__ import annotations

import pytest

from config.settings import ConfigError
from web import create_app


def test_production_refuses_to_start_without_secret_key(config):
    config.update(LEADS_ENV="production", SECRET_KEY="")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(config)


def test_development_generates_a_key_once_and_keeps_it(config, tmp_path):
    config.update(LEADS_ENV="development", SECRET_KEY="")
    first = create_app(config).config["SECRET_KEY"]
    second = create_app(config).config["SECRET_KEY"]
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "instance" / "secret_key").read_text().strip() == first


@pytest.mark.parametrize(
    ("variable", "value"),
    [("RESUME_MAX_BYTES", "lots"), ("SMTP_PORT", "smtp"), ("LEADS_ENV", "staging")],
)
def test_a_bad_value_names_its_variable(config, variable, value):
    config[variable] = value
    with pytest.raises(ConfigError, match=variable):
        create_app(config)


def test_environment_is_read(config, monkeypatch):
    del config["ATTORNEY_EMAIL"]
    monkeypatch.setenv("ATTORNEY_EMAIL", "partner@example.com")
    assert create_app(config).extensions["settings"].attorney_email == "partner@example.com"


def test_default_database_is_sqlite_under_instance(config, tmp_path):
    del config["DATABASE_URL"]
    settings = create_app(config).extensions["settings"]
    assert settings.database_url == f"sqlite:///{tmp_path / 'instance' / 'leads.sqlite3'}"
