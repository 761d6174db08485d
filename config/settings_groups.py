"""The settings, grouped by concern: each class is a set of fields of `Settings`.

Field names are the environment variables, lower-cased. A new setting joins the group of
its concern (or a new group, added to `Settings`' bases in config/settings.py).
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

from config import branding, business_hours


class SlackSettings(BaseModel):
    """The Slack app's credentials and how deliveries talk to the Web API."""

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
    # A member's Home tab is published again at most once in this many seconds, however
    # many of their leads change meanwhile (service/home_refresh.py).
    home_refresh_seconds: float = Field(default=5.0, ge=0)

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
    def slack_configured(self) -> bool:
        """A bot token, and a way for Slack's requests to come in: signed HTTP requests or
        a Socket Mode connection."""
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))


class MailSettings(BaseModel):
    """The mail server and who mail comes from."""

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_timeout: float = 10.0
    mail_from: str = "Hiring <hiring@localhost>"
    attorney_email: str | None = None


class FormSettings(BaseModel):
    """The public form: upload cap, rate limit, CSRF lifetime, proxies."""

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


class WorkerSettings(BaseModel):
    """The delivery worker and its outbox."""

    # The delivery worker: a thread in each web process unless turned off.
    worker_in_process: bool = True
    # How often a worker looks for due jobs when nothing woke it. A separate worker
    # process learns of new jobs only this way; the query is one indexed lookup.
    worker_poll_seconds: float = Field(default=1.0, gt=0)
    # A claimed job is the worker's for this long, renewed every third of it while the
    # job runs: a dead worker's job runs again within about this many seconds.
    outbox_lease_seconds: float = Field(default=15, ge=1)
    outbox_max_age_hours: float = Field(default=24.0, gt=0)


class FirmSettings(BaseModel):
    """Who receives applications, and what the firm keeps about applicants."""

    # Who receives applications: the page's title and heading, the footer, the emails'
    # sender name and subject. Unset: the form says "Apply" and names no one.
    firm_name: str | None = None
    # A PNG or SVG file served by the app above the heading (no third-party host).
    firm_logo: Path | None = None
    # The button and links; refused at start-up if white text on it is under 4.5:1.
    accent_color: str = "#1d4ed8"
    contact_email: str | None = None  # whom applicants ask: thank-you page and emails
    reply_within: str | None = None  # free text, e.g. "two working days"
    privacy_policy_url: str | None = None
    # Leads inactive this many days are erased by the worker (decimals allowed); 0 keeps.
    retention_days: float = Field(default=180, ge=0)

    @field_validator("firm_name", "contact_email", "reply_within", "firm_logo", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("firm_name")
    @classmethod
    def _firm_name(cls, value: str | None) -> str | None:
        return branding.firm_name(value) if value else None

    @field_validator("reply_within")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return branding.one_line(value) if value else None

    @field_validator("firm_logo")
    @classmethod
    def _logo(cls, value: Path | None) -> Path | None:
        return branding.logo(value) if value else None

    @field_validator("accent_color")
    @classmethod
    def _accent(cls, value: str) -> str:
        return branding.accent(value)

    @field_validator("contact_email")
    @classmethod
    def _contact(cls, value: str | None) -> str | None:
        return branding.contact(value) if value else None


class TriageSettings(BaseModel):
    """Reminders, the morning digest and the clock they run on."""

    # Reminders in a card's thread (0 turns one off), counted in business time.
    remind_unclaimed_minutes: float = Field(default=60, ge=0)
    remind_pending_minutes: float = Field(default=1440, ge=0)
    business_hours: str | None = None  # e.g. "Mon-Fri 09:00-17:30"; unset: always open
    timezone: str = "UTC"  # an IANA name: the zone of BUSINESS_HOURS and DIGEST_AT
    # HH:MM in TIMEZONE: one summary a business day in the leads channel; unset: none.
    digest_at: str | None = None

    @field_validator("digest_at")
    @classmethod
    def _a_time_of_day(cls, value: str | None) -> str | None:
        if value and value.strip():
            business_hours.time_of_day(value)
            return value.strip()
        return None

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

    @property
    def digest_time(self) -> time | None:
        return business_hours.time_of_day(self.digest_at) if self.digest_at else None

    @property
    def hours(self) -> business_hours.BusinessHours:
        if self.business_hours:
            return business_hours.parse(self.business_hours, self.timezone)
        return business_hours.always(self.timezone)
