"""The API tokens page: behind the login, the new token shown once, revoking, CSRF."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pyotp
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api import tokens
from api.models import ApiToken
from conftest import csrf, log_in

from .conftest import bearer

TOKEN = re.compile(r"tshop_[A-Za-z0-9_-]{43}")


def make_token_through_the_page(client: Any, name: str = "report script") -> Any:
    """Post the token form as a browser would; the answer."""
    page = client.get("/api/tokens/")
    return client.post("/api/tokens/", data={"csrf_token": csrf(page), "name": name})


def token_count(db: Session) -> int:
    """How many tokens exist now."""
    db.rollback()  # a fresh transaction sees what the requests wrote since the last read
    return db.scalar(select(func.count(ApiToken.id)))


def test_visitors_are_sent_to_the_login_page(client, db):
    response = client.get("/api/tokens/")
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/api/tokens/"
    assert client.post("/api/tokens/", data={"name": "x"}).status_code == 403  # no CSRF token
    assert token_count(db) == 0


def test_a_half_finished_two_factor_login_does_not_reach_the_page(client, make_user):
    make_user("eve", totp_secret=pyotp.random_base32())
    response = log_in(client, "eve")  # the password is right; the code is still to come
    assert response.headers["location"] == "/accounts/login/two-factor/"
    page = client.get("/api/tokens/")
    assert page.status_code == 302
    assert page.headers["location"].startswith("/accounts/login/")


def test_the_page_lists_nothing_at_first(client, ada):
    log_in(client, "ada")
    page = client.get("/api/tokens/")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "<h1>API tokens</h1>" in page.text
    assert "You have no tokens yet." in page.text
    assert TOKEN.search(page.text) is None


def test_a_new_token_is_shown_once_and_only_its_digest_is_kept(client, db, ada):
    log_in(client, "ada")
    made = make_token_through_the_page(client, "report script")
    assert made.status_code == 200
    assert made.headers["cache-control"] == "no-store"
    (token,) = set(TOKEN.findall(made.text))
    assert "Copy it now: it is shown this once." in made.text
    assert f'value="{token}"' in made.text
    # The curl example calls the API with it.
    assert f'curl -H "Authorization: Bearer {token}" http://localhost/api/orders' in made.text
    row = db.scalar(select(ApiToken))
    assert (row.user_id, row.name, row.prefix) == (ada.id, "report script", token[:12])
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    # It works, and the list shows its prefix, never the token again.
    assert client.get("/api/orders", headers=bearer(token)).status_code == 200
    again = client.get("/api/tokens/").text
    assert token not in again
    assert f"<code>{token[:12]}…</code>" in again
    assert "report script" in again
    assert re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d UTC</td>", again)  # created and last used


def test_the_name_is_checked(client, db, ada):
    log_in(client, "ada")
    for name, message in (("", "This field is required."), ("x" * 81, "at most 80")):
        page = make_token_through_the_page(client, name)
        assert page.status_code == 400
        assert message in page.text
        assert TOKEN.search(page.text) is None
    assert token_count(db) == 0


def test_an_account_may_hold_twenty_tokens(client, db, ada, make_token):
    for number in range(tokens.MAX_TOKENS_PER_USER):
        make_token(ada, f"token {number}")
    log_in(client, "ada")
    refused = make_token_through_the_page(client)
    assert refused.status_code == 400
    assert "revoke one you no longer use first" in refused.text
    assert token_count(db) == tokens.MAX_TOKENS_PER_USER


def test_making_a_token_needs_the_csrf_token(client, db, ada):
    log_in(client, "ada")
    refused = client.post("/api/tokens/", data={"name": "forged"})
    assert refused.status_code == 403
    assert token_count(db) == 0


def test_revoking_a_token(client, db, ada):
    log_in(client, "ada")
    token = TOKEN.search(make_token_through_the_page(client).text).group(0)
    page = client.get("/api/tokens/")
    row_id = db.scalar(select(ApiToken.id))
    action = f"/api/tokens/{row_id}/revoke/"
    assert f'action="{action}"' in page.text
    revoked = client.post(action, data={"csrf_token": csrf(page)})
    assert revoked.status_code == 303
    assert revoked.headers["location"] == "/api/tokens/"
    after = client.get("/api/tokens/").text
    assert "The token is revoked" in after
    assert "You have no tokens yet." in after
    assert token_count(db) == 0
    assert client.get("/api/orders", headers=bearer(token)).status_code == 401


def test_revoking_needs_the_csrf_token(client, db, ada, make_token):
    make_token(ada)
    log_in(client, "ada")
    row_id = db.scalar(select(ApiToken.id))
    assert client.post(f"/api/tokens/{row_id}/revoke/").status_code == 403
    assert token_count(db) == 1


@pytest.mark.parametrize("whose", ["someone else's", "unknown", "huge"])
def test_only_one_s_own_tokens_can_be_revoked(client, db, ada, make_user, make_token, whose):
    make_token(make_user("grace"))
    log_in(client, "ada")
    page = client.get("/api/tokens/")
    grace_token = db.scalar(select(ApiToken.id))
    token_id = {"someone else's": grace_token, "unknown": 999, "huge": 10**30}[whose]
    response = client.post(f"/api/tokens/{token_id}/revoke/", data={"csrf_token": csrf(page)})
    assert response.status_code == 404
    assert token_count(db) == 1


def test_revoking_answers_only_posts(client, ada):
    log_in(client, "ada")
    assert client.get("/api/tokens/1/revoke/").status_code == 405


def test_the_page_s_errors_stay_pages_for_people(client, ada):
    log_in(client, "ada")
    browser = {"Accept": "text/html"}
    response = client.post("/api/tokens/", data={"name": "x"}, headers=browser)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
