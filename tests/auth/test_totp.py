"""TOTP: secrets, provisioning URIs, inline SVG QR codes, windows and replay protection."""

from __future__ import annotations

import pyotp
import pytest

from trestle.auth.totp import match_code, new_secret, normalize_code, provisioning_uri, qr_code_svg

NOW = 1_700_000_000.0


def test_new_secret_is_160_bits_of_base32() -> None:
    secret = new_secret()
    assert len(secret) == 32 and secret != new_secret()
    assert len(pyotp.TOTP(secret).byte_secret()) == 20


def test_provisioning_uri_and_qr_code() -> None:
    uri = provisioning_uri(
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", account="ada@example.com", issuer="My Site"
    )
    assert uri.startswith(
        "otpauth://totp/My%20Site:ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    )
    svg = qr_code_svg(uri)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
    assert 'class="trestle-qr"' in svg


def test_current_code_matches_once() -> None:
    secret = new_secret()
    code = pyotp.TOTP(secret).at(NOW)
    step = match_code(secret, code, now=NOW)
    assert step == int(NOW // 30)
    # Replay: the same code (or any code for that step or an earlier one) is refused.
    assert match_code(secret, code, last_step=step, now=NOW) is None
    assert match_code(secret, pyotp.TOTP(secret).at(NOW - 30), last_step=step, now=NOW) is None
    # The next step's code is accepted.
    later = pyotp.TOTP(secret).at(NOW + 30)
    assert match_code(secret, later, last_step=step, now=NOW + 30) == step + 1


@pytest.mark.parametrize(
    ("offset", "accepted"), [(-60, False), (-30, True), (30, True), (60, False)]
)
def test_window_of_one_step(offset: int, accepted: bool) -> None:
    secret = new_secret()
    code = pyotp.TOTP(secret).at(NOW + offset)
    assert (match_code(secret, code, now=NOW) is not None) is accepted


def test_wider_window() -> None:
    secret = new_secret()
    code = pyotp.TOTP(secret).at(NOW - 60)
    assert match_code(secret, code, window=2, now=NOW) == int(NOW // 30) - 2


@pytest.mark.parametrize(
    "code", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦", None, 123456, "12 34 5"]
)
def test_malformed_codes(code: object) -> None:
    assert normalize_code(code) is None
    assert match_code(new_secret(), code, now=NOW) is None


def test_codes_with_spaces_or_dashes() -> None:
    secret = new_secret()
    code = pyotp.TOTP(secret).at(NOW)
    assert normalize_code(f" {code[:3]} {code[3:]} ") == code
    assert match_code(secret, f"{code[:3]}-{code[3:]}", now=NOW) is not None


def test_wrong_code() -> None:
    secret = new_secret()
    code = pyotp.TOTP(secret).at(NOW)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert match_code(secret, wrong, now=NOW) is None
