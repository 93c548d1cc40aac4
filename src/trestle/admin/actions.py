"""Bulk actions: "delete selected", and the deletion both it and the delete page use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trestle.admin.decorators import action
from trestle.admin.deletion import DeletionPlan, plan_deletion

if TYPE_CHECKING:
    from trestle.admin.options import ModelAdmin
    from trestle.http.request import Request
    from trestle.http.response import Response


@action(description="Delete selected rows", permissions=("delete",))
def delete_selected(model_admin: ModelAdmin, request: Request, rows: list[Any]) -> Response | None:
    """Ask first (listing what goes too); delete once the confirmation is posted."""
    if request.form.get("confirm") != "yes":
        return confirm_deletion(request, model_admin, rows, single=False)
    refused = delete_rows(request, model_admin, rows, single=False)
    if refused is not None:
        return refused
    from trestle.admin.views import flash

    count = len(rows)
    name = model_admin.verbose_name if count == 1 else model_admin.verbose_name_plural
    flash(request, "success", f"Deleted {count} {name}.")
    return None


def _plan(request: Request, model_admin: ModelAdmin, rows: list[Any]) -> DeletionPlan:
    pk_of = model_admin.info.pk_of
    return plan_deletion(request.db, model_admin.model, [pk_of(row) for row in rows])


def confirm_deletion(
    request: Request,
    model_admin: ModelAdmin,
    rows: list[Any],
    *,
    single: bool,
    plan: DeletionPlan | None = None,
    status: int = 200,
) -> Response:
    """The page that asks "delete these?" and lists what else the delete takes along."""
    from urllib.parse import quote

    from trestle.admin.rendering import changelist_url, render_admin
    from trestle.admin.views import _crumbs

    plan = plan or _plan(request, model_admin, rows)
    pk_of = model_admin.info.pk_of
    keys = [str(pk_of(row)) for row in rows]
    base = changelist_url(request, model_admin)
    if single:
        action_url = f"{base}{quote(keys[0], safe='')}/delete/"
        cancel_url = f"{base}{quote(keys[0], safe='')}/change/"
        crumbs = _crumbs(request, model_admin, (str(rows[0]), cancel_url), ("Delete", None))
    else:
        action_url = base + ("?" + request.query_string if request.query_string else "")
        cancel_url = action_url
        crumbs = _crumbs(request, model_admin, ("Delete several", None))
    return render_admin(
        request,
        "admin/delete_confirmation.html",
        {
            "title": "Are you sure?",
            "model_admin": model_admin,
            "rows": rows,
            "keys": keys,
            "single": single,
            "plan": plan,
            "action_url": action_url,
            "cancel_url": cancel_url,
        },
        status=status,
        breadcrumbs=crumbs,
    )


def delete_rows(
    request: Request, model_admin: ModelAdmin, rows: list[Any], *, single: bool
) -> Response | None:
    """Delete ``rows`` (and log it) in one transaction; a 409 page if other rows forbid it."""
    from trestle.admin.history import DELETION, log_action
    from trestle.db import atomic

    plan = _plan(request, model_admin, rows)
    if not plan.allowed:
        return confirm_deletion(request, model_admin, rows, single=single, plan=plan, status=409)
    db = request.db
    with atomic(db):
        for row in rows:
            log_action(db, request.user, model_admin, row, DELETION, "Deleted.")
            model_admin.delete_model(request, row)
    return None
