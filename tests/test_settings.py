"""Settings are read once and validated; production refuses to run without a long
SECRET_KEY or in debug mode, and warns of a plain-http PUBLIC_BASE_URL."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import SECRET_KEY_MIN_LENGTH, ConfigError
from tests.support.app_process import REPO_ROOT, AppProcess
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
    [
        ("RESUME_MAX_BYTES", "lots"),
        ("SMTP_PORT", "smtp"),
        ("LEADS_ENV", "staging"),
        ("HOME_REFRESH_SECONDS", "-1"),
    ],
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


# -- production refuses unsafe settings; development and testing are unaffected ------------

LONG_KEY = "k" * SECRET_KEY_MIN_LENGTH


@pytest.fixture
def production(config, monkeypatch) -> dict:
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    config.update(LEADS_ENV="production", SECRET_KEY=LONG_KEY)
    return config


def warnings_in(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_production_starts_with_safe_settings(production, caplog):
    app = create_app(production)
    assert not app.debug
    assert app.config["SECRET_KEY"] == LONG_KEY
    assert warnings_in(caplog) == []


@pytest.mark.parametrize(("value", "refused"), [("1", True), ("true", True), ("0", False)])
def test_production_refuses_flask_debug_in_the_environment(production, monkeypatch, value, refused):
    monkeypatch.setenv("FLASK_DEBUG", value)
    if refused:
        with pytest.raises(ConfigError, match="FLASK_DEBUG"):
            create_app(production)
    else:
        assert not create_app(production).debug


def flask_routes(folder: Path, *options: str) -> subprocess.CompletedProcess:
    """`flask --app web [options] routes` in production, run from `folder`."""
    env = {"LEADS_ENV": "production", "SECRET_KEY": LONG_KEY, "PYTHONPATH": str(REPO_ROOT)}
    process_env = AppProcess(folder / "instance", env).env
    process_env.pop("FLASK_DEBUG", None)
    command = [sys.executable, "-m", "flask", "--app", "web", *options, "routes"]
    return subprocess.run(
        command, cwd=folder, env=process_env, capture_output=True, text=True, timeout=60
    )


def test_the_flask_command_starts_in_production_without_debug(tmp_path):
    result = flask_routes(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "/healthz" in result.stdout


DEBUG_BY_COMMAND = {
    # The flask command loads .env and .flaskenv from the folder it runs in.
    "dotenv-file": ({".env": "FLASK_DEBUG=1\n"}, ()),
    "flaskenv-file": ({".flaskenv": "FLASK_DEBUG=1\n"}, ()),
    "debug-option": ({}, ("--debug",)),
}


@pytest.mark.parametrize(("files", "options"), DEBUG_BY_COMMAND.values(), ids=DEBUG_BY_COMMAND)
def test_production_refuses_debug_mode_the_flask_command_turns_on(tmp_path, files, options):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = flask_routes(tmp_path, *options)
    assert result.returncode != 0
    assert "ConfigError: FLASK_DEBUG is on" in result.stderr


@pytest.mark.parametrize(
    "key", ["test-secret-key", "k" * (SECRET_KEY_MIN_LENGTH - 1), "short"], ids=len
)
def test_production_refuses_a_short_secret_key(production, key):
    production["SECRET_KEY"] = key
    with pytest.raises(ConfigError, match=f"SECRET_KEY is {len(key)} characters long"):
        create_app(production)


PUBLIC_URLS = {
    "http://jobs.example.com": True,
    "http://10.0.0.5:8000": True,
    "http://127.0.0.1:5000": False,
    "http://localhost:8000": False,
    "http://[::1]:5000": False,
    "https://jobs.example.com": False,
}


@pytest.mark.parametrize(("url", "warned"), PUBLIC_URLS.items())
def test_production_warns_of_plain_http_beyond_loopback(production, caplog, url, warned):
    production["PUBLIC_BASE_URL"] = url
    create_app(production)
    messages = warnings_in(caplog)
    if warned:
        assert len(messages) == 1, messages
        assert messages[0].startswith(f"PUBLIC_BASE_URL is {url}: "), messages
        assert "https://" in messages[0]
    else:
        assert messages == []


@pytest.mark.parametrize("env", ["development", "testing"])
def test_development_and_testing_allow_debug_short_keys_and_http(config, monkeypatch, caplog, env):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    config.update(LEADS_ENV=env, SECRET_KEY="short", PUBLIC_BASE_URL="http://jobs.example.com")
    app = create_app(config)
    assert app.debug
    assert app.config["SECRET_KEY"] == "short"
    assert warnings_in(caplog) == []
