"""Users and groups in the admin: registered when ``trestle.auth`` is installed.

The user's page never shows the password hash or the two-factor secrets: a "new password"
field sets the password (checked by ``AUTH_PASSWORD_VALIDATORS``, stored hashed). Register
a ModelAdmin of your own for the user model in an app's ``admin.py`` to replace this one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trestle.admin.options import ModelAdmin
from trestle.forms.fields import PasswordField
from trestle.forms.models import ModelForm

if TYPE_CHECKING:
    from trestle.admin.forms import AdminModelForm
    from trestle.admin.sites import AdminSite
    from trestle.app import App
    from trestle.http.request import Request


class UserForm(ModelForm):
    """The user's fields, plus a new password that is never shown again."""

    new_password = PasswordField(
        required=False,
        label="New password",
        help_text="Leave it empty to keep the current password.",
        autocomplete="new-password",
    )


class GroupAdmin(ModelAdmin):
    """Groups: a name and the permissions its members get."""

    list_display = ("name",)
    search_fields = ("name",)
    ordering = ("name",)
    select_limit = 2000  # permissions as checkboxes, however many models there are


class UserAdmin(ModelAdmin):
    """Users, without their secrets; a new password is hashed before it is stored."""

    list_display = ("username", "email", "is_staff", "is_superuser", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "last_login")
    search_fields = ("username", "email")
    ordering = ("username",)
    readonly_fields = ("has_two_factor", "last_login", "date_joined")
    select_limit = 2000
    form = UserForm
    fieldsets = [
        (None, {"fields": ["username", "new_password", "email"]}),
        (
            "Permissions",
            {
                "fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"],
                "description": "Staff may use the admin; a superuser has every permission.",
            },
        ),
        ("Activity", {"fields": ["has_two_factor", "last_login", "date_joined"]}),
    ]

    def clean_form(self, request: Request, form: AdminModelForm, row: Any) -> None:
        """A new user needs a password; a new password must pass the validators."""
        from trestle.auth import Auth
        from trestle.auth.validators import PasswordValidationError, validate_password

        password = form.cleaned_data.get("new_password") or ""
        if not password:
            if row is None:
                form.add_error("new_password", "Choose a password for the new user.")
            return
        try:
            validate_password(password, Auth.of(request.app).validators, row)
        except PasswordValidationError as error:
            for message in error.messages:
                form.add_error("new_password", message)

    def save_model(self, request: Request, row: Any, form: AdminModelForm, change: bool) -> None:
        """Hash the new password, if one was given."""
        from trestle.auth import Auth

        password = form.cleaned_data.get("new_password") or ""
        if password:
            row.password = Auth.of(request.app).hasher.hash(password)
        request.db.add(row)


def register_auth_models(site: AdminSite, app: App) -> None:
    """Register the app's user model (an AbstractUser) and Group, unless already there."""
    auth = app.extensions.get("auth")
    if auth is None:
        return
    from trestle.auth.models import AbstractUser, Group

    if not site.is_registered(Group):
        site.register(Group, GroupAdmin)
    user_model = auth.user_model
    if issubclass(user_model, AbstractUser) and not site.is_registered(user_model):
        site.register(user_model, UserAdmin)
