"""The schema, one module per concern; import models from here (`from db.models import Lead`).

A new table goes in the module of its concern (or a new one), and is listed below so that
Alembic's autogenerate and `tests/test_migrations.py` see it.
"""

from db.models.base import Base, JobStatus, LeadState
from db.models.leads import Lead, LeadEvent, LeadNote, Resume, search_key
from db.models.operations import (
    AppCounter,
    DeliveryAlert,
    DigestRun,
    HomeOpener,
    LeadErasure,
    OutboxJob,
)
from db.models.uploads import PendingUpload

__all__ = [
    "AppCounter",
    "Base",
    "DeliveryAlert",
    "DigestRun",
    "HomeOpener",
    "JobStatus",
    "Lead",
    "LeadErasure",
    "LeadEvent",
    "LeadNote",
    "LeadState",
    "OutboxJob",
    "PendingUpload",
    "Resume",
    "search_key",
]
