"""Password-reset tokens: bound to the user's state, expiring, unforgeable."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from trestle.auth.tokens import BadSignature, PasswordResetTokens, SignatureExpired


def user(**changes: object) -> SimpleNamespace:
    values: dict[str, object] = {
        "pk": 7,
        "password": "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
        "last_login": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        "email": "ada@example.com",
    }
    values.update(changes)
    return SimpleNamespace(**values)


def test_token_names_the_user_and_checks() -> None:
    tokens = PasswordResetTokens("k" * 50, max_age=3600)
    token = tokens.make(user())
    assert tokens.user_pk(token) == "7"
    assert tokens.check(user(), token)
    assert "argon2" not in token and "ada" not in token


@pytest.mark.parametrize(
    "change",
    [
        {"password": "$argon2id$v=19$m=64,t=1,p=1$b3RoZXI$aGFzaA"},  # the password was reset
        {"last_login": datetime(2024, 5, 1, tzinfo=UTC)},  # the user logged in since
        {"email": "new@example.com"},
        {"pk": 8},
    ],
)
def test_token_dies_when_the_user_changes(change: dict[str, object]) -> None:
    tokens = PasswordResetTokens("k" * 50, max_age=3600)
    token = tokens.make(user())
    assert not tokens.check(user(**change), token)


def test_never_logged_in() -> None:
    tokens = PasswordResetTokens("k" * 50, max_age=3600)
    fresh = user(last_login=None)
    assert tokens.check(fresh, tokens.make(fresh))


def test_expired_and_forged_tokens() -> None:
    tokens = PasswordResetTokens("k" * 50, max_age=60)
    old = PasswordResetTokens("k" * 50, max_age=60)._signer.sign(
        tokens.make(user()).rsplit(".", 2)[0], timestamp=time.time() - 120
    )
    with pytest.raises(SignatureExpired):
        tokens.user_pk(old)
    assert not tokens.check(user(), old)
    other_key = PasswordResetTokens("x" * 50, max_age=60).make(user())
    with pytest.raises(BadSignature):
        tokens.user_pk(other_key)
    assert not tokens.check(user(), other_key)
    for junk in ["", "abc", "a.b.c", "Nw-xyz.AAAA.sig", "\x00.\x00.\x00"]:
        with pytest.raises(BadSignature):
            tokens.user_pk(junk)
        assert not tokens.check(user(), junk)


def test_key_rotation() -> None:
    token = PasswordResetTokens("old" * 20, max_age=60).make(user())
    rotated = PasswordResetTokens("new" * 20, max_age=60, fallback_keys=["old" * 20])
    assert rotated.check(user(), token)


def test_a_token_signed_for_another_purpose_is_refused() -> None:
    from trestle.signing import Signer

    tokens = PasswordResetTokens("k" * 50, max_age=60)
    value = tokens.make(user()).rsplit(".", 2)[0]
    session_like = Signer("k" * 50, salt="trestle.sessions").sign(value)
    with pytest.raises(BadSignature):
        tokens.user_pk(session_like)


def test_well_signed_but_malformed_values() -> None:
    tokens = PasswordResetTokens("k" * 50, max_age=60)
    for value in ["nodash", "_w-x"]:  # no user part; a user part that is not UTF-8
        token = tokens._signer.sign(value)
        with pytest.raises(BadSignature, match="malformed token"):
            tokens.user_pk(token)
