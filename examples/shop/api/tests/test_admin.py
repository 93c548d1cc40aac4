"""API tokens in the admin: listed by prefix, deleted to revoke, never added or edited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from api.models import ApiToken
from conftest import csrf, log_in

from .conftest import bearer


@pytest.fixture
def staff_client(app: Any, make_user: Any) -> Iterator[Any]:
    """A second browser, logged in as a superuser."""
    make_user("boss", is_staff=True, is_superuser=True)
    with app.test_client(base_url="http://localhost") as staff:
        log_in(staff, "boss")
        yield staff


def test_staff_see_tokens_by_prefix_never_their_digest(db, ada, make_token, staff_client):
    token = make_token(ada, "backup script")
    row = db.scalar(select(ApiToken))
    listing = staff_client.get("/admin/api/api_token/")
    assert listing.status_code == 200
    assert token[:12] in listing.text and "backup script" in listing.text
    change = staff_client.get(f"/admin/api/api_token/{row.id}/change/")
    assert change.status_code == 200
    assert "backup script" in change.text
    for page in (listing, change):
        assert row.digest not in page.text
        assert token not in page.text
    assert 'name="name"' not in change.text  # shown, not editable


def test_staff_revoke_a_token_by_deleting_it(client, db, ada, make_token, staff_client):
    token = make_token(ada)
    row_id = db.scalar(select(ApiToken.id))
    url = f"/admin/api/api_token/{row_id}/delete/"
    page = staff_client.get(url)
    assert page.status_code == 200
    deleted = staff_client.post(url, data={"csrf_token": csrf(page)})
    assert deleted.status_code in (302, 303)
    assert client.get("/api/orders", headers=bearer(token)).status_code == 401


def test_tokens_are_not_added_or_edited_in_the_admin(db, ada, make_token, staff_client):
    make_token(ada, "kept")
    row_id = db.scalar(select(ApiToken.id))
    assert staff_client.get("/admin/api/api_token/add/").status_code == 403
    page = staff_client.get(f"/admin/api/api_token/{row_id}/change/")
    posted = staff_client.post(
        f"/admin/api/api_token/{row_id}/change/",
        data={"csrf_token": csrf(page), "name": "renamed", "_save": "1"},
    )
    assert posted.status_code == 403
    db.rollback()
    assert db.scalar(select(ApiToken.name)) == "kept"


def test_customers_cannot_open_the_tokens_admin(client, ada):
    log_in(client, "ada")
    assert client.get("/admin/api/api_token/").status_code == 403
