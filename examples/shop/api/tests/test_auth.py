"""Token authentication: who gets in, who gets a 401, and what the table keeps."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from api import tokens
from api.models import ApiToken
from api.times import as_utc
from trestle.auth.models import User
from trestle.db import assert_num_queries

from .conftest import bearer


def test_a_valid_token_opens_the_orders(client, ada_auth):
    response = client.get("/api/orders", headers=ada_auth)
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    ("headers", "challenge"),
    [
        ({}, "Bearer"),
        ({"Authorization": "Basic YWRhOnNlY3JldA=="}, "Bearer"),
        ({"Authorization": "Bearer "}, 'Bearer error="invalid_request"'),
        ({"Authorization": "Bearer two words"}, 'Bearer error="invalid_request"'),
        ({"Authorization": "Bearer tshop_not-a-token-we-made"}, 'Bearer error="invalid_token"'),
        ({"Authorization": "Bearer ghp_someoneelsestoken"}, 'Bearer error="invalid_token"'),
        ({"Authorization": "Bearer tshop_" + "a" * 5000}, 'Bearer error="invalid_token"'),
    ],
    ids=["none", "basic", "empty", "malformed", "unknown", "foreign", "huge"],
)
def test_a_missing_or_bad_token_is_a_401_with_a_bearer_challenge(
    client, catalogue, ada_auth, headers, challenge
):
    order = {
        "lines": [{"product_id": catalogue.sencha, "quantity": 1}],
        "full_name": "A",
        "address": "B",
    }
    for method, url in (("GET", "/api/orders"), ("GET", "/api/orders/1"), ("POST", "/api/orders")):
        response = client.request(method, url, headers=headers, json=order)
        assert response.status_code == 401, (method, url)
        assert response.headers["www-authenticate"] == challenge
        assert response.headers["content-type"] == "application/problem+json"


def test_a_revoked_token_is_a_401(client, app, ada, make_token):
    token = make_token(ada)
    assert client.get("/api/orders", headers=bearer(token)).status_code == 200
    with app.extensions["db"].session() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.user_id == ada.id))
        assert tokens.revoke(session, ada.id, row.id)
        session.commit()
    response = client.get("/api/orders", headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["detail"] == "unknown or revoked token"


def test_without_credentials_the_401_comes_before_checking_the_body(client):
    response = client.post("/api/orders", json={"lines": "not a list"})
    assert response.status_code == 401


def test_the_token_of_a_deactivated_account_is_a_401(client, db, ada, ada_auth):
    db.execute(update(User).where(User.id == ada.id).values(is_active=False))
    db.commit()
    assert client.get("/api/orders", headers=ada_auth).status_code == 401


def test_only_a_digest_and_a_prefix_are_kept(db, app, ada, make_token):
    token = make_token(ada, "backup script")
    assert token.startswith("tshop_") and len(token) == len("tshop_") + 43
    row = db.scalar(select(ApiToken).where(ApiToken.user_id == ada.id))
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert row.prefix == token[:12]
    assert row.name == "backup script"
    stored = [str(getattr(row, column.key)) for column in ApiToken.__table__.columns]
    assert not any(token in value or token[12:] in value for value in stored)
    assert make_token(ada) != token  # random each time


def test_the_first_use_is_recorded(client, db, ada, ada_auth):
    before = datetime.now(UTC)
    client.get("/api/orders", headers=ada_auth)
    used = db.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == ada.id))
    assert used is not None and as_utc(used) >= before - timedelta(seconds=1)


def test_use_is_written_at_most_once_a_minute(app, db, ada, make_token):
    token = make_token(ada)
    start = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    with app.extensions["db"].session() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.user_id == ada.id))
        assert tokens.touch(session, row, now=start) is True
        with assert_num_queries(
            app.extensions["db"], 0
        ):  # a use within the minute costs no query at all
            assert tokens.touch(session, row, now=start + timedelta(seconds=59)) is False
        assert tokens.touch(session, row, now=start + timedelta(seconds=61)) is True
    written = db.scalar(
        select(ApiToken.last_used_at).where(ApiToken.digest == tokens.digest_of(token))
    )
    assert as_utc(written) == start + timedelta(seconds=61)


def test_a_stale_copy_of_the_row_does_not_write_twice(app, ada, make_token):
    make_token(ada)
    start = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    database = app.extensions["db"]
    with database.session() as first, database.session() as second:
        # Two requests loaded the row before either recorded its use.
        mine = first.scalar(select(ApiToken).where(ApiToken.user_id == ada.id))
        theirs = second.scalar(select(ApiToken).where(ApiToken.user_id == ada.id))
        assert tokens.touch(first, mine, now=start) is True
        assert tokens.touch(second, theirs, now=start + timedelta(seconds=1)) is False


def test_requests_within_the_minute_do_not_write(client, db, ada, ada_auth):
    client.get("/api/orders", headers=ada_auth)
    first = db.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == ada.id))
    client.get("/api/orders", headers=ada_auth)
    db.rollback()  # a fresh transaction sees what the request wrote
    assert db.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == ada.id)) == first


def test_a_use_after_a_minute_is_recorded_again(client, db, ada, ada_auth):
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    db.execute(update(ApiToken).where(ApiToken.user_id == ada.id).values(last_used_at=long_ago))
    db.commit()
    client.get("/api/orders", headers=ada_auth)
    db.rollback()  # a fresh transaction sees what the request wrote
    used = db.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == ada.id))
    assert as_utc(used) > long_ago + timedelta(days=30)


def test_the_public_half_needs_no_token_and_ignores_a_bad_one(client, catalogue):
    assert client.get("/api/products").status_code == 200
    bad = client.get("/api/products", headers=bearer("tshop_wrong"))
    assert bad.status_code == 200
