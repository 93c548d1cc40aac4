"""Password validators: what a new password must satisfy before it is accepted.

The ``AUTH_PASSWORD_VALIDATORS`` setting lists them, each as ``{"NAME": ..., "OPTIONS": {...}}``
where ``NAME`` is a dotted path or the class name of one defined here. They are made once, at
start-up (:func:`load_validators`); :func:`validate_password` runs every one and reports all
their complaints together, so a user fixes everything in one go.

A validator is any object with ``validate(password, user=None)`` that raises
:class:`PasswordValidationError`, and ``help_text()`` saying what it wants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "CommonPasswordValidator",
    "MinimumLengthValidator",
    "NumericPasswordValidator",
    "PasswordValidationError",
    "PasswordValidator",
    "UserAttributeSimilarityValidator",
    "load_validators",
    "password_help_texts",
    "validate_password",
]

DEFAULT_PASSWORD_LIST = Path(__file__).with_name("data") / "common-passwords.txt.gz"


class PasswordValidationError(ValueError):
    """A password refused by one or more validators; ``messages`` says why, one per line."""

    def __init__(self, messages: str | Sequence[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


class PasswordValidator(Protocol):
    """What a password validator provides."""

    def validate(self, password: str, user: Any = None) -> None:
        """Raise :class:`PasswordValidationError` when ``password`` is not good enough."""

    def help_text(self) -> str:
        """One sentence telling the user what this validator wants."""


class MinimumLengthValidator:
    """At least ``min_length`` characters (NIST SP 800-63B and OWASP ask for 8 at the very
    least, 15 when the password is the only factor; 12 by default)."""

    def __init__(self, min_length: int = 12) -> None:
        if not isinstance(min_length, int) or min_length < 1:
            raise ValueError(f"min_length must be a positive integer, got {min_length!r}")
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        """Refuse a short password."""
        if len(password) < self.min_length:
            raise PasswordValidationError(
                f"This password is too short: it must have at least {self.min_length} characters."
            )

    def help_text(self) -> str:
        """What the validator wants."""
        return f"Your password must have at least {self.min_length} characters."


class CommonPasswordValidator:
    """Not one of the most common passwords (a gzipped or plain list, one per line)."""

    def __init__(self, password_list_path: str | Path = DEFAULT_PASSWORD_LIST) -> None:
        path = Path(password_list_path)
        try:
            if path.suffix == ".gz":
                import gzip

                with gzip.open(path, "rt", encoding="utf-8") as source:
                    lines = source.read().splitlines()
            else:
                lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise ValueError(f"cannot read the common-passwords list {path}: {error}") from None
        # PERF: a frozenset, read once at start-up: a membership test per check.
        self.passwords = frozenset(line.strip().lower() for line in lines if line.strip())

    def validate(self, password: str, user: Any = None) -> None:
        """Refuse a password from the list (compared without case or surrounding spaces)."""
        if password.strip().lower() in self.passwords:
            raise PasswordValidationError("This password is too common.")

    def help_text(self) -> str:
        """What the validator wants."""
        return "Your password must not be a commonly used password."


class NumericPasswordValidator:
    """Not made of digits only."""

    def validate(self, password: str, user: Any = None) -> None:
        """Refuse an all-numeric password."""
        if password.isdigit():
            raise PasswordValidationError("This password is entirely numeric.")

    def help_text(self) -> str:
        """What the validator wants."""
        return "Your password must not be entirely numeric."


_PARTS = re.compile(r"[\W_]+")
#: Longer texts are cut before comparing: SequenceMatcher's cost grows with both lengths.
_COMPARED_LENGTH = 256


class UserAttributeSimilarityValidator:
    """Not too close to the user's own details (username, email, names).

    A password is refused when it contains one of those values (or a part of one, such as
    an email's local part) of four or more characters, or when difflib's similarity ratio
    with one of them reaches ``max_similarity``.
    """

    DEFAULT_ATTRIBUTES = ("username", "email", "first_name", "last_name")

    def __init__(
        self, user_attributes: Iterable[str] = DEFAULT_ATTRIBUTES, max_similarity: float = 0.7
    ) -> None:
        if not 0.1 <= max_similarity <= 1.0:
            raise ValueError(f"max_similarity must be between 0.1 and 1, got {max_similarity!r}")
        self.user_attributes = tuple(user_attributes)
        self.max_similarity = max_similarity

    def _values(self, user: Any) -> Iterable[tuple[str, str]]:
        for attribute in self.user_attributes:
            value = getattr(user, attribute, None)
            if not isinstance(value, str) or not value:
                continue
            value = value.lower()[:_COMPARED_LENGTH]
            yield attribute, value
            for part in _PARTS.split(value):
                if part and part != value:
                    yield attribute, part

    def validate(self, password: str, user: Any = None) -> None:
        """Refuse a password too close to one of ``user``'s attributes."""
        if user is None:
            return
        lowered = password.lower()[:_COMPARED_LENGTH]
        for attribute, value in self._values(user):
            close = len(value) >= 4 and value in lowered
            if not close:
                matcher = SequenceMatcher(a=lowered, b=value)
                close = (
                    matcher.quick_ratio() >= self.max_similarity
                    and matcher.ratio() >= self.max_similarity
                )
            if close:
                name = attribute.replace("_", " ")
                raise PasswordValidationError(f"This password is too similar to your {name}.")

    def help_text(self) -> str:
        """What the validator wants."""
        return "Your password must not be too similar to your other personal information."


_BUILTIN: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        MinimumLengthValidator,
        CommonPasswordValidator,
        NumericPasswordValidator,
        UserAttributeSimilarityValidator,
    )
}


def _import(name: str) -> Any:
    if name in _BUILTIN:
        return _BUILTIN[name]
    module_name, _, attribute = name.rpartition(".")
    if not module_name:
        known = ", ".join(sorted(_BUILTIN))
        raise ValueError(f"unknown password validator {name!r}: use a dotted path or {known}")
    import importlib

    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"cannot import the password validator {name!r}: {error}") from None


def load_validators(config: Iterable[Mapping[str, Any]]) -> list[PasswordValidator]:
    """Make the validators ``AUTH_PASSWORD_VALIDATORS`` describes; a clear error if one is off."""
    from trestle.conf.settings import SettingsError

    validators: list[PasswordValidator] = []
    for index, entry in enumerate(config):
        where = f"AUTH_PASSWORD_VALIDATORS[{index}]"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("NAME"), str):
            raise SettingsError(f'{where} must be a dict like {{"NAME": "...", "OPTIONS": {{}}}}')
        options = entry.get("OPTIONS", {})
        if not isinstance(options, Mapping):
            raise SettingsError(f"{where}: OPTIONS must be a dict")
        try:
            validator = _import(entry["NAME"])(**options)
        except (ValueError, TypeError) as error:
            raise SettingsError(f"{where}: {error}") from None
        if not callable(getattr(validator, "validate", None)):
            raise SettingsError(f"{where}: {entry['NAME']} has no validate(password, user) method")
        validators.append(validator)
    return validators


def validate_password(
    password: str, validators: Iterable[PasswordValidator], user: Any = None
) -> None:
    """Run every validator; one :class:`PasswordValidationError` with all their messages."""
    messages: list[str] = []
    for validator in validators:
        try:
            validator.validate(password, user)
        except PasswordValidationError as error:
            messages.extend(error.messages)
    if messages:
        raise PasswordValidationError(messages)


def password_help_texts(validators: Iterable[PasswordValidator]) -> list[str]:
    """What the validators want, one sentence each, for a form's help text."""
    return [
        validator.help_text()
        for validator in validators
        if callable(getattr(validator, "help_text", None))
    ]
