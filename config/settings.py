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

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from config import business_hours
from config import instance as instance_files

log = logging.getLogger("leads.settings")

# Production's SECRET_KEY signs CSRF tokens and resume links: at least 32 characters.
SECRET_KEY_MIN_LENGTH = 32


class ConfigError(RuntimeError):
    """The configuration cannot run; the message names the variable to fix."""


class Settings(BaseSettings):
    """Every knob of the app. Field names are the environment variables, lower-cased."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    leads_env: Literal["production", "development", "testing"] = "production"
    instance_path: Path | None = None
    database_url: str | None = None
    secret_key: str | None = None
    public_base_url: str = "http://127.0.0.1:5000"

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_leads_channel: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_team_id: str | None = None
    # An app-level token (xapp-…, scope connections:write): `flask slack socket` answers
    # Slack over Socket Mode, no public URL needed. Over HTTP the signing secret is used.
    slack_app_token: str | None = None
    # How long a delivery (card, reply, update) waits on one Slack Web API call.
    slack_timeout: float = Field(default=10.0, gt=0)
    # Slack allows about one chat.postMessage a second per channel.
    slack_post_interval: float = Field(default=1.0, ge=0)

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_timeout: float = 10.0
    mail_from: str = "Hiring <hiring@localhost>"
    attorney_email: str | None = None

    resume_max_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    form_rate_limit: str = "10/minute"
    ratelimit_storage_uri: str = "memory://"
    ratelimit_key_prefix: str = "leads"
    # redis://…: share the Slack membership cache and the channel's post spacing between
    # processes. Unset: each process keeps its own.
    cache_url: str | None = None
    csrf_max_age: int = Field(default=4 * 3600, gt=0)
    # How many reverse proxies (TLS terminator, load balancer) stand in front of the app.
    # Their X-Forwarded-For then names the client, which the rate limit counts by.
    trusted_proxies: int = Field(default=0, ge=0)

    # The delivery worker: a thread in each web process unless turned off.
    worker_in_process: bool = True
    # How often a worker looks for due jobs when nothing woke it. A separate worker
    # process learns of new jobs only this way; the query is one indexed lookup.
    worker_poll_seconds: float = Field(default=1.0, gt=0)
    # A claimed job is the worker's for this long, renewed every third of it while the
    # job runs: a dead worker's job runs again within about this many seconds.
    outbox_lease_seconds: float = Field(default=15, ge=1)
    outbox_max_age_hours: float = Field(default=24.0, gt=0)

    # Who receives applications, named on the form and in emails.
    firm_name: str = "Hiring"
    privacy_policy_url: str | None = None
    # Leads inactive this many days are erased by the worker (decimals allowed); 0 keeps.
    retention_days: float = Field(default=180, ge=0)
    # Reminders in a card's thread (0 turns one off), counted in business time.
    remind_unclaimed_minutes: float = Field(default=60, ge=0)
    remind_pending_minutes: float = Field(default=1440, ge=0)
    business_hours: str | None = None  # e.g. "Mon-Fri 09:00-17:30"; unset: always open
    timezone: str = "UTC"  # an IANA name: the zone of BUSINESS_HOURS

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        business_hours.zone(value)
        return value

    @field_validator("business_hours")
    @classmethod
    def _readable_hours(cls, value: str | None) -> str | None:
        if value and value.strip():
            business_hours.parse(value)
            return value
        return None

    @field_validator("public_base_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("slack_api_url")
    @classmethod
    def _ensure_trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("slack_app_token")
    @classmethod
    def _an_app_level_token(cls, value: str | None) -> str | None:
        if value and not value.startswith("xapp-"):
            raise ValueError(
                "must be the app-level token (xapp-…, Basic Information → App-Level Tokens), "
                "not the bot token"
            )
        return value or None

    @property
    def secure_cookies(self) -> bool:
        return self.public_base_url.startswith("https://")

    @property
    def hours(self) -> business_hours.BusinessHours:
        if self.business_hours:
            return business_hours.parse(self.business_hours, self.timezone)
        return business_hours.always(self.timezone)

    @property
    def slack_configured(self) -> bool:
        """A bot token, and a way for Slack's requests to come in: signed HTTP requests or
        a Socket Mode connection."""
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))


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
