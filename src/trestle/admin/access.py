"""Who may enter the admin, and which model a URL names: checked on every admin page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trestle.admin.rendering import admin_site, render_admin
from trestle.http.exceptions import NotFound

if TYPE_CHECKING:
    from trestle.admin.options import ModelAdmin
    from trestle.http.request import Request
    from trestle.http.response import Response


def refuse_visitor(request: Request) -> Response | None:
    """None for an active staff user; else the login page (a visitor) or a 403 page."""
    user = request.user
    if not user.is_authenticated:
        from trestle.auth.decorators import login_redirect

        return login_redirect(request)
    if not (user.is_active and getattr(user, "is_staff", False)):
        return forbidden(
            request,
            f"You are logged in as {user.get_username()}, an account without access to the "
            "admin. Log in with a staff account to continue.",
        )
    return None


def forbidden(request: Request, message: str) -> Response:
    """The admin's 403 page."""
    return render_admin(
        request, "admin/403.html", {"title": "Permission denied", "message": message}, status=403
    )


def model_admin_or_404(request: Request, app_label: str, model_name: str) -> ModelAdmin:
    """The ModelAdmin of ``<app_label>/<model_name>/``, or a 404."""
    found = admin_site(request).get(request.app, app_label, model_name)
    if found is None:
        raise NotFound(f"the admin has no model {app_label}.{model_name}")
    return found


def parse_key(model_admin: ModelAdmin, raw: str) -> Any:
    """The primary key a URL names, as the key column's type; None when it cannot be one."""
    column = model_admin.info.pk_column
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return raw
    if python_type is int:
        digits = raw.removeprefix("-")
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
            return None
        return int(raw)
    if python_type is str:
        return raw
    try:
        return python_type(raw)
    except (TypeError, ValueError):
        return None


def get_row(request: Request, model_admin: ModelAdmin, object_id: str) -> Any:
    """The row ``object_id`` names, among those ``get_queryset`` lets the user see; or a 404."""
    key = parse_key(model_admin, object_id)
    if key is not None:
        statement = model_admin.get_queryset(request).where(model_admin.info.pk_attribute == key)
        row = request.db.scalars(statement.limit(1)).first()
        if row is not None:
            return row
    raise NotFound(f"{model_admin.verbose_name.capitalize()} {object_id[:40]!r} does not exist")
