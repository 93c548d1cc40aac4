"""Recovery codes: random, readable, stored as digests, normalised on input."""

from __future__ import annotations

import re

import pytest

from trestle.auth.recovery import hash_recovery_code, new_recovery_codes, normalize_recovery_code


def test_codes_are_random_and_readable() -> None:
    codes = new_recovery_codes()
    assert len(codes) == len(set(codes)) == 10
    for code in codes:
        assert re.fullmatch(r"([0-9a-hjkmnp-tv-z]{4}-){3}[0-9a-hjkmnp-tv-z]{4}", code)
    assert len(new_recovery_codes(3)) == 3


def test_hash_ignores_case_spaces_and_dashes() -> None:
    code = new_recovery_codes(1)[0]
    digest = hash_recovery_code(code)
    assert digest is not None and len(digest) == 64 and code.replace("-", "") not in digest
    assert hash_recovery_code(code.upper().replace("-", " ")) == digest
    assert hash_recovery_code(code.replace("-", "")) == digest


@pytest.mark.parametrize("code", ["", "abcd", "abcd-abcd-abcd-abci", "x" * 100, None, 12])
def test_malformed_codes(code: object) -> None:
    assert normalize_recovery_code(code) is None
    assert hash_recovery_code(code) is None  # type: ignore[arg-type]
