"""argon2id hashing: OWASP parameters, rehash on change, unusable passwords, dummy checks."""

from __future__ import annotations

import pytest

from trestle.auth.hashers import (
    PasswordHasher,
    is_password_usable,
    make_unusable_password,
)

# Small parameters keep the suite fast; the defaults are checked on their own below.
FAST = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}


def test_defaults_are_owasp_argon2id() -> None:
    encoded = PasswordHasher().hash("correct horse")
    assert encoded.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_hash_and_verify() -> None:
    hasher = PasswordHasher(**FAST)
    encoded = hasher.hash("s3cret pass")
    assert encoded != hasher.hash("s3cret pass")  # salted
    assert hasher.verify(encoded, "s3cret pass")
    assert not hasher.verify(encoded, "s3cret pasS")
    assert not hasher.verify(encoded, "")


@pytest.mark.parametrize("encoded", [None, "", "not a hash", "$argon2id$v=19$garbage", "!xyz"])
def test_malformed_or_unusable_hashes_never_match(encoded: str | None) -> None:
    assert not PasswordHasher(**FAST).verify(encoded, "anything")


def test_non_text_password_never_matches() -> None:
    hasher = PasswordHasher(**FAST)
    assert not hasher.verify(hasher.hash("x"), b"x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hasher.hash(b"x")  # type: ignore[arg-type]


def test_rehash_when_parameters_change() -> None:
    old = PasswordHasher(**FAST)
    new = PasswordHasher(time_cost=2, memory_cost=128, parallelism=1)
    encoded = old.hash("pw-123456789")
    assert not old.needs_rehash(encoded)
    assert new.needs_rehash(encoded)
    ok, updated = new.verify_and_update(encoded, "pw-123456789")
    assert ok and updated is not None and "m=128,t=2,p=1" in updated
    assert new.verify_and_update(updated, "pw-123456789") == (True, None)
    assert new.verify_and_update(encoded, "wrong") == (False, None)


def test_unusable_passwords() -> None:
    unusable = make_unusable_password()
    assert unusable.startswith("!") and len(unusable) > 20
    assert unusable != make_unusable_password()
    assert not is_password_usable(unusable)
    assert not is_password_usable("")
    assert not is_password_usable(None)
    assert is_password_usable(PasswordHasher(**FAST).hash("x"))
    assert not PasswordHasher(**FAST).needs_rehash(unusable)


def test_dummy_verify_takes_as_long_as_a_real_check() -> None:
    import time

    # Real parameters: at ~30 ms a check, scheduling noise is small beside the work.
    hasher = PasswordHasher()
    encoded = hasher.hash("real password")
    hasher.dummy_verify("warm up")

    def timed(check: object) -> float:
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            check()  # type: ignore[operator]
            best = min(best, time.perf_counter() - start)
        return best

    real = timed(lambda: hasher.verify(encoded, "wrong password"))
    dummy = timed(lambda: hasher.dummy_verify("wrong password"))
    unusable = timed(lambda: hasher.verify("!locked", "wrong password"))
    assert 0.5 < dummy / real < 2
    assert 0.5 < unusable / real < 2


@pytest.mark.parametrize(
    "options",
    [
        {"time_cost": 0},
        {"parallelism": 0},
        {"memory_cost": 4, "parallelism": 1},
    ],
)
def test_bad_parameters_are_refused(options: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="argon2 needs"):
        PasswordHasher(**options)


def test_repr_names_the_parameters() -> None:
    assert repr(PasswordHasher(**FAST)) == "<PasswordHasher argon2id t=1 m=64 p=1>"
