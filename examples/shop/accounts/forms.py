"""The accounts app's forms: signing up, and asking for the verification link again."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trestle.auth import Auth, PasswordValidationError
from trestle.forms import EmailField, Form, PasswordField, TextField, ValidationError

#: Longer passwords are refused before any hashing: argon2 takes them, nobody types them.
MAX_PASSWORD_LENGTH = 4096

# ASCII only: then "is this name taken, whatever its case?" has the same answer in Python,
# SQLite (whose lower() ignores other letters) and PostgreSQL.
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9._-]+")

USERNAME_TAKEN = "That username is taken. Choose another one."
EMAIL_TAKEN = "An account with this email address exists already. Log in, or reset its password."


class SignupForm(Form):
    """A new account: username, email address, and a password typed twice."""

    username = TextField(
        min_length=3,
        max_length=30,
        autocomplete="username",
        attrs={"autofocus": True},
        help_text="3 to 30 letters, digits, dots, dashes or underscores. You log in with it.",
    )
    email = EmailField(
        label="Email address",
        help_text="We send a link to it: your account works once you have opened it.",
    )
    password = PasswordField(autocomplete="new-password", max_length=MAX_PASSWORD_LENGTH)
    password_again = PasswordField(
        label="Password again", autocomplete="new-password", max_length=MAX_PASSWORD_LENGTH
    )

    def __init__(
        self, data: Any = None, files: Any = None, *, session: Session, auth: Auth
    ) -> None:
        super().__init__(data, files)
        self.session = session
        self.auth = auth

    def clean_username(self, value: str) -> str:
        """Only the allowed characters, and no account with the same name in any case."""
        if not USERNAME_PATTERN.fullmatch(value):
            raise ValidationError("Use only letters, digits, dots, dashes and underscores.")
        if self._exists(self.auth.user_model.username, value):
            raise ValidationError(USERNAME_TAKEN)
        return value

    def clean_email(self, value: str) -> str:
        """No other account with this address, in any case."""
        if self._exists(self.auth.user_model.email, value):
            raise ValidationError(EMAIL_TAKEN)
        return value

    def clean(self) -> None:
        """Both passwords equal, then the project's password rules."""
        data = self.cleaned_data
        password, again = data.get("password"), data.get("password_again")
        if password is None or again is None:
            return
        if password != again:
            self.add_error("password_again", "The two passwords differ.")
            return
        # The validators compare the password with the username and address: give them
        # an unsaved user holding what was typed.
        candidate = self.auth.user_model(
            username=data.get("username", ""), email=data.get("email", "")
        )
        try:
            self.auth.validate_password(password, candidate)
        except PasswordValidationError as error:
            for message in error.messages:
                self.add_error("password", message)

    def _exists(self, column: Any, value: str) -> bool:
        query = select(column).where(func.lower(column) == value.lower()).limit(1)
        return self.session.execute(query).first() is not None


class ResendForm(Form):
    """The address a new verification link goes to."""

    email = EmailField(label="Email address")
