"""The one typed settings object, read from the environment once at start-up.

`create_app(config)` calls `load_settings(config, instance_path)`: defaults, then the
environment, then the dict a test passes. A bad value stops start-up with an error
that names the variable; so does production with debug mode on or a short SECRET_KEY.
"""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from config import instance as instance_files
from config.settings_groups import (
    FirmSettings,
    FormSettings,
    MailSettings,
    SlackSettings,
    TriageSettings,
    WorkerSettings,
)

log = logging.getLogger("leads.settings")

# Production's SECRET_KEY signs CSRF tokens and resume links: at least 32 characters.
SECRET_KEY_MIN_LENGTH = 32


class ConfigError(RuntimeError):
    """The configuration cannot run; the message names the variable to fix."""


class Settings(
    SlackSettings,
    MailSettings,
    FormSettings,
    WorkerSettings,
    FirmSettings,
    TriageSettings,
    BaseSettings,
):
    """Every knob of the app, grouped by concern in config/settings_groups.py."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    leads_env: Literal["production", "development", "testing"] = "production"
    instance_path: Path | None = None
    database_url: str | None = None
    secret_key: str | None = None
    public_base_url: str = "http://127.0.0.1:5000"

    @field_validator("public_base_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def secure_cookies(self) -> bool:
        return self.public_base_url.startswith("https://")


def load_settings(
    overrides: dict | None, default_instance: Path, *, debug: bool = False
) -> Settings:
    """Build Settings from the environment plus `overrides`; fill in derived defaults.

    `debug` is whether Flask turned debug mode on (FLASK_DEBUG, from the environment or a
    .env file the flask command loaded): production refuses it.
    """
    settings = _parse({key.lower(): value for key, value in (overrides or {}).items()})
    if settings.leads_env == "production":
        _refuse_unsafe_production(settings, debug)
    instance = instance_files.prepare_folder(Path(settings.instance_path or default_instance))
    settings.instance_path = instance
    if not settings.database_url:
        settings.database_url = f"sqlite:///{instance / 'leads.sqlite3'}"
    if not settings.secret_key:
        try:
            settings.secret_key = instance_files.development_key(instance)
        except instance_files.KeyFileError as exc:
            raise ConfigError(f"SECRET_KEY is not set and {exc}") from None
    return settings


def _parse(values: dict) -> Settings:
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from None


def _refuse_unsafe_production(settings: Settings, debug: bool) -> None:
    if debug:
        # The debugger runs any code a visitor types into an error page.
        raise ConfigError(
            "FLASK_DEBUG is on (in the environment, a .env file or `flask --debug`). "
            "Production refuses to start in debug mode: unset FLASK_DEBUG."
        )
    if not settings.secret_key:
        raise ConfigError(
            "SECRET_KEY is not set. Production refuses to start without it: set SECRET_KEY "
            "to a long random string (or LEADS_ENV=development on a developer machine)."
        )
    if len(settings.secret_key) < SECRET_KEY_MIN_LENGTH:
        raise ConfigError(
            f"SECRET_KEY is {len(settings.secret_key)} characters long. Production needs at "
            f"least {SECRET_KEY_MIN_LENGTH}: python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'"
        )
    url = urlsplit(settings.public_base_url)
    if url.scheme == "http" and not _is_loopback(url.hostname or ""):
        log.warning(
            "PUBLIC_BASE_URL is %s: links in emails and Slack, and the CSRF cookie (not "
            "marked Secure), travel unencrypted. Serve the app over https://.",
            settings.public_base_url,
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
