"""Signed tokens: round trips, forgery, purpose separation, expiry, key rotation, bad input."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trestle.signing import BadSignature, SignatureExpired, Signer, dumps, loads

KEY = "k" * 50


def test_sign_and_unsign_round_trip() -> None:
    signer = Signer(KEY, salt="test")
    token = signer.sign("hello")
    assert token.startswith("hello.")
    assert signer.unsign(token) == "hello"


def test_changed_value_or_signature_is_refused() -> None:
    signer = Signer(KEY, salt="test")
    token = signer.sign("hello")
    value, stamp, signature = token.split(".")
    flipped = signature[:-2] + ("B" if signature[-2] != "B" else "C") + signature[-1]
    for forged in (f"hellp.{stamp}.{signature}", f"{value}.{stamp}.{flipped}", token + "x"):
        with pytest.raises(BadSignature):
            signer.unsign(forged)


def test_a_token_for_one_purpose_is_refused_for_another() -> None:
    token = Signer(KEY, salt="session").sign("data")
    with pytest.raises(BadSignature, match="does not match"):
        Signer(KEY, salt="password-reset").unsign(token)


def test_other_key_is_refused_but_a_fallback_key_verifies() -> None:
    old = Signer("old-key", salt="s").sign("v")
    with pytest.raises(BadSignature):
        Signer(KEY, salt="s").unsign(old)
    rotated = Signer(KEY, salt="s", fallback_keys=["old-key"])
    assert rotated.unsign(old) == "v"
    # New tokens use the current key only.
    with pytest.raises(BadSignature):
        Signer("old-key", salt="s").unsign(rotated.sign("v"))


def test_expiry() -> None:
    signer = Signer(KEY, salt="s")
    token = signer.sign("v", timestamp=time.time() - 100)
    assert signer.unsign(token, max_age=1000) == "v"
    with pytest.raises(SignatureExpired) as caught:
        signer.unsign(token, max_age=10)
    assert caught.value.age >= 100
    assert abs(signer.timestamp(token) - (time.time() - 100)) < 2


@pytest.mark.parametrize("token", ["", ".", "..", "a.b", "a..c", "no-dots", "a.!!.c", 5])
def test_malformed_tokens_are_bad_signatures(token: object) -> None:
    with pytest.raises(BadSignature):
        Signer(KEY, salt="s").unsign(token)  # type: ignore[arg-type]


def test_configuration_errors_are_clear() -> None:
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Signer("", salt="s")
    with pytest.raises(ValueError, match="salt"):
        Signer(KEY, salt="")
    with pytest.raises(ValueError, match="may not contain"):
        Signer(KEY, salt="s").sign("a.b")


def test_dumps_and_loads_json_and_compress_large_payloads() -> None:
    small = {"cart": [1, 2]}
    assert loads(dumps(small, key=KEY, salt="s"), key=KEY, salt="s") == small
    large = {"items": ["same text again"] * 200}
    token = dumps(large, key=KEY, salt="s")
    assert token.startswith("~")
    assert len(token) < len(dumps(large, key=KEY, salt="s", compress=False)) / 5
    assert loads(token, key=KEY, salt="s") == large


def test_loads_refuses_forged_and_garbage_payloads() -> None:
    signer = Signer(KEY, salt="s")
    for payload in ("~AAAA", "not-json-but-b64", "~"):
        with pytest.raises(BadSignature, match="malformed"):
            loads(signer.sign(payload), key=KEY, salt="s")


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    )
)
def test_any_json_value_round_trips(value: object) -> None:
    assert loads(dumps(value, key=KEY, salt="p"), key=KEY, salt="p") == value


def test_a_serializer_is_reusable_and_honours_fallbacks_and_age() -> None:
    from trestle.signing import Serializer

    old = Serializer("old-key", salt="s")
    current = Serializer(KEY, salt="s", fallback_keys=["old-key"])
    assert current.loads(old.dumps({"a": 1})) == {"a": 1}
    token = current.dumps([1, 2, 3])
    assert current.loads(token, max_age=60) == [1, 2, 3]
    with pytest.raises(BadSignature):
        Serializer(KEY, salt="other").loads(token)
