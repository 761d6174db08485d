"""The search column holds every name the validator accepts, on every database."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Lead, search_key
from service.queries import search_leads
from tests.support.form import post_application

# Case folding triples U+FB03 ("ﬃ" -> "ffi"): the longest search text a valid
# application can make, past the VARCHAR(460) the column once was.
LIGATURE_NAME = "\ufb03" * 100


def test_the_longest_folding_names_are_stored_and_found(app, client):
    response = post_application(
        client, first_name=LIGATURE_NAME, last_name=LIGATURE_NAME, email=f"{'a' * 64}@example.com"
    )
    assert response.status_code == 303
    with app.extensions["db"].reads() as session:
        lead = session.scalars(select(Lead)).one()
        assert len(lead.search_text) > 600
        assert lead.search_text == search_key(f"{LIGATURE_NAME} {LIGATURE_NAME} {lead.email}")
        assert [found.id for found in search_leads(session, "ffiffi").leads] == [lead.id]
