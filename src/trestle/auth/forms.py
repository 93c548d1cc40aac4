"""The forms of the auth pages: login, password change and reset, two-factor codes.

They check shape only (lengths, presence); the views check credentials, so that every
refusal of a login goes through the throttle and reads the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trestle.auth.validators import PasswordValidationError, PasswordValidator, validate_password
from trestle.forms import EmailField, Form, HiddenField, PasswordField, TextField

__all__ = [
    "ConfirmPasswordForm",
    "LoginForm",
    "PasswordChangeForm",
    "PasswordResetForm",
    "SetPasswordForm",
    "TwoFactorCodeForm",
    "TwoFactorEnableForm",
]

#: Longer inputs are refused before any hashing: argon2 accepts them, but nobody types them.
MAX_PASSWORD_LENGTH = 4096


class LoginForm(Form):
    """Username and password (and where to go next)."""

    username = TextField(max_length=254, autocomplete="username", attrs={"autofocus": True})
    password = PasswordField(max_length=MAX_PASSWORD_LENGTH)
    next = HiddenField(required=False, max_length=2048)


class _NewPassword(Form):
    """A new password typed twice, checked by the validators."""

    new_password = PasswordField(
        label="New password", autocomplete="new-password", max_length=MAX_PASSWORD_LENGTH
    )
    new_password_again = PasswordField(
        label="New password again", autocomplete="new-password", max_length=MAX_PASSWORD_LENGTH
    )

    def __init__(
        self,
        data: Any = None,
        *,
        user: Any,
        validators: Sequence[PasswordValidator],
        **options: Any,
    ) -> None:
        super().__init__(data, **options)
        self.user = user
        self.validators = validators

    def clean(self) -> None:
        new = self.cleaned_data.get("new_password")
        again = self.cleaned_data.get("new_password_again")
        if new is None or again is None:
            return
        if new != again:
            self.add_error("new_password_again", "The two passwords differ.")
            return
        try:
            validate_password(new, self.validators, self.user)
        except PasswordValidationError as error:
            for message in error.messages:
                self.add_error("new_password", message)


class SetPasswordForm(_NewPassword):
    """A new password, without the old one (the reset link stands for it)."""


class PasswordChangeForm(_NewPassword):
    """The current password, then a new one typed twice."""

    old_password = PasswordField(label="Current password", max_length=MAX_PASSWORD_LENGTH)


# The current password comes first on the page.
PasswordChangeForm.fields = {
    "old_password": PasswordChangeForm.fields["old_password"],
    **{name: field for name, field in PasswordChangeForm.fields.items() if name != "old_password"},
}


class PasswordResetForm(Form):
    """The email address to send a reset link to."""

    email = EmailField(attrs={"autofocus": True})


class TwoFactorCodeForm(Form):
    """A code from the authenticator app, or a recovery code."""

    code = TextField(
        label="Code",
        max_length=64,
        autocomplete="one-time-code",
        attrs={"inputmode": "numeric", "autofocus": True},
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
    )


class TwoFactorEnableForm(Form):
    """The first code from the app, proving it was set up."""

    code = TextField(
        label="Code from the app",
        max_length=16,
        autocomplete="one-time-code",
        attrs={"inputmode": "numeric", "autofocus": True},
    )


class ConfirmPasswordForm(Form):
    """The current password, asked again before a sensitive change."""

    password = PasswordField(label="Your password", max_length=MAX_PASSWORD_LENGTH)
