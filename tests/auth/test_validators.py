"""Password validators: length, common passwords, similarity, all-numeric, and their loading."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

from trestle.auth.validators import (
    DEFAULT_PASSWORD_LIST,
    CommonPasswordValidator,
    MinimumLengthValidator,
    NumericPasswordValidator,
    PasswordValidationError,
    UserAttributeSimilarityValidator,
    load_validators,
    password_help_texts,
    validate_password,
)
from trestle.conf.settings import SettingsError

ADA = SimpleNamespace(username="ada_lovelace", email="countess@analytical.example", first_name="")


def refused(validator: object, password: str, user: object = None) -> list[str]:
    try:
        validator.validate(password, user)  # type: ignore[attr-defined]
    except PasswordValidationError as error:
        return error.messages
    return []


def test_minimum_length() -> None:
    validator = MinimumLengthValidator(min_length=10)
    assert refused(validator, "123456789") == [
        "This password is too short: it must have at least 10 characters."
    ]
    assert refused(validator, "1234567890") == []
    assert MinimumLengthValidator().min_length == 12
    with pytest.raises(ValueError):
        MinimumLengthValidator(min_length=0)


@pytest.mark.parametrize("password", ["password", "PASSWORD", " qwerty ", "iloveyou", "dragon"])
def test_common_passwords_are_refused(password: str) -> None:
    assert refused(CommonPasswordValidator(), password) == ["This password is too common."]


def test_uncommon_password_passes() -> None:
    assert refused(CommonPasswordValidator(), "violet-kettle-marmalade-7") == []


def test_common_password_list_of_ones_own(tmp_path: Path) -> None:
    plain = tmp_path / "list.txt"
    plain.write_text("Hunter2\n\nsecret-thing\n")
    validator = CommonPasswordValidator(plain)
    assert validator.passwords == {"hunter2", "secret-thing"}
    assert refused(validator, "hunter2")
    zipped = tmp_path / "list.txt.gz"
    zipped.write_bytes(gzip.compress(b"zebra\n"))
    assert refused(CommonPasswordValidator(zipped), "ZEBRA")
    with pytest.raises(ValueError, match="cannot read the common-passwords list"):
        CommonPasswordValidator(tmp_path / "missing.txt")


def test_the_shipped_list() -> None:
    words = gzip.decompress(DEFAULT_PASSWORD_LIST.read_bytes()).decode().splitlines()
    assert len(words) == len(set(words)) == 5000
    assert words[:4] == ["123456", "123456789", "qwerty", "password"]


@pytest.mark.skipif(importlib.util.find_spec("django") is None, reason="needs Django (bench)")
def test_the_shipped_list_is_rebuilt_byte_for_byte() -> None:
    path = DEFAULT_PASSWORD_LIST.with_name("make_common_passwords.py")
    spec = importlib.util.spec_from_file_location("make_common_passwords", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == DEFAULT_PASSWORD_LIST.read_bytes()


@pytest.mark.parametrize(("password", "bad"), [("12345678901234", True), ("1234567890a", False)])
def test_numeric(password: str, bad: bool) -> None:
    assert bool(refused(NumericPasswordValidator(), password)) is bad


@pytest.mark.parametrize(
    ("password", "attribute"),
    [
        ("ada_lovelace", "username"),
        ("Ada_Lovelace1", "username"),
        ("my-lovelace-pw", "username"),  # contains a part of the username
        ("countess@analytical.example", "email"),
        ("analytical99", "email"),
    ],
)
def test_similar_to_user_attributes(password: str, attribute: str) -> None:
    messages = refused(UserAttributeSimilarityValidator(), password, ADA)
    assert messages == [f"This password is too similar to your {attribute}."]


def test_dissimilar_password_and_no_user() -> None:
    validator = UserAttributeSimilarityValidator()
    assert refused(validator, "violet-kettle-marmalade-7", ADA) == []
    assert refused(validator, "ada_lovelace", None) == []
    with pytest.raises(ValueError):
        UserAttributeSimilarityValidator(max_similarity=0)


def test_validate_password_reports_every_complaint() -> None:
    validators = load_validators(
        [
            {"NAME": "MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
            {"NAME": "CommonPasswordValidator"},
            {"NAME": "trestle.auth.validators.NumericPasswordValidator"},
        ]
    )
    with pytest.raises(PasswordValidationError) as caught:
        validate_password("123456", validators)
    assert caught.value.messages == [
        "This password is too short: it must have at least 12 characters.",
        "This password is too common.",
        "This password is entirely numeric.",
    ]
    validate_password("violet-kettle-marmalade-7", validators)
    assert password_help_texts(validators) == [
        "Your password must have at least 12 characters.",
        "Your password must not be a commonly used password.",
        "Your password must not be entirely numeric.",
    ]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (["MinimumLengthValidator"], r"must be a dict like"),
        ([{"NAME": "Nope"}], r"unknown password validator 'Nope'"),
        ([{"NAME": "nowhere.Validator"}], r"cannot import the password validator"),
        ([{"NAME": "MinimumLengthValidator", "OPTIONS": []}], r"OPTIONS must be a dict"),
        ([{"NAME": "MinimumLengthValidator", "OPTIONS": {"min": 3}}], r"\[0\]: .*min"),
        ([{"NAME": "MinimumLengthValidator", "OPTIONS": {"min_length": -1}}], r"positive"),
        ([{"NAME": "builtins.object"}], r"has no validate"),
    ],
)
def test_bad_validator_settings(config: list[object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_validators(config)  # type: ignore[arg-type]
