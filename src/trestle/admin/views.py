"""The admin's pages: the dashboard, an app's models, and per model the change list, add,
change, delete and history pages, and the autocomplete's JSON.

Every view checks, before anything else, that the user is active staff, then the model
permission the page needs (a 403 page otherwise, typed URLs included). A change is written
in one transaction, with its history entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import false

from trestle.admin.access import forbidden, get_row, model_admin_or_404, refuse_visitor
from trestle.admin.changelist import ChangeList
from trestle.admin.forms import prepare_form
from trestle.admin.history import (
    ADDITION,
    CHANGE,
    DELETION,
    change_message,
    log_action,
    object_history,
    recent_actions,
)
from trestle.admin.layout import form_layout, readonly_layout
from trestle.admin.rendering import (
    admin_site,
    changelist_url,
    index_url,
    render_admin,
    visible_apps,
)
from trestle.admin.search import search_criteria
from trestle.db import atomic
from trestle.http.exceptions import BadRequest, NotFound
from trestle.http.response import JSONResponse, RedirectResponse, Response

if TYPE_CHECKING:
    from trestle.admin.forms import AdminModelForm
    from trestle.admin.options import ModelAdmin
    from trestle.http.request import Request

#: Most results the autocomplete sends at once.
AUTOCOMPLETE_LIMIT = 20


def flash(request: Request, level: str, text: str) -> None:
    """A flash message, when the messages battery is installed."""
    from trestle.messages.storage import attached_store

    if attached_store(request) is not None:
        from trestle.messages import add_message

        add_message(request, level, text)


def _see_other(url: str) -> Response:
    return RedirectResponse(url, 303)


# -- dashboard ---------------------------------------------------------------------------------


def index(request: Request) -> Response:
    """The dashboard: the apps and models the user may see, and their recent actions."""
    refusal = refuse_visitor(request)
    if refusal is not None:
        return refusal
    site = admin_site(request)
    apps = visible_apps(request)
    actions = recent_actions(request.db, request.user, site.recent_actions)
    known = {(m.model_admin.app_label, m.model_admin.model_name): m for a in apps for m in a.models}
    recent = []
    for entry in actions:
        model = known.get((entry.app_label, entry.model_name))
        url = None
        if model is not None and not entry.is_deletion:
            url = f"{model.url}{quote(entry.object_id, safe='')}/change/"
        recent.append((entry, url, model.model_admin.verbose_name if model else entry.model_name))
    return render_admin(
        request,
        "admin/index.html",
        {"title": site.site_header, "apps": apps, "recent": recent},
        breadcrumbs=[],
    )


def app_index(request: Request, app_label: str) -> Response:
    """The models of one app that the user may see."""
    refusal = refuse_visitor(request)
    if refusal is not None:
        return refusal
    apps = [entry for entry in visible_apps(request) if entry.label == app_label]
    if not apps:
        if any(m.app_label == app_label for m in admin_site(request).model_admins(request.app)):
            return forbidden(request, "You may not see any model of this app.")
        raise NotFound(f"the admin has no app {app_label!r}")
    return render_admin(
        request,
        "admin/app_index.html",
        {"title": apps[0].name, "apps": apps},
        breadcrumbs=[(apps[0].name, None)],
    )


# -- the change list -----------------------------------------------------------------------------


def _crumbs(
    request: Request, model_admin: ModelAdmin, *more: tuple[str, str | None]
) -> list[tuple[str, str | None]]:
    site = admin_site(request)
    label = model_admin.app_label
    return [
        (site.app_name(request.app, label), f"{index_url(request)}{label}/"),
        (model_admin.verbose_name_plural.capitalize(), changelist_url(request, model_admin)),
        *more,
    ]


def _model_access(
    request: Request, app_label: str, model_name: str, need: str = "view"
) -> tuple[ModelAdmin, dict[str, bool]] | Response:
    """The model's admin and the user's permissions on it, or the page that refuses them.

    Every model page starts here, so no URL of a model is reachable without its permission.
    """
    refusal = refuse_visitor(request)
    if refusal is not None:
        return refusal
    model_admin = model_admin_or_404(request, app_label, model_name)
    perms = model_admin.permissions(request)
    if not perms[need]:
        verb = "see" if need == "view" else need
        return forbidden(request, f"You may not {verb} {model_admin.verbose_name_plural}.")
    return model_admin, perms


def changelist(request: Request, app_label: str, model_name: str) -> Response:
    """The rows of a model: search, filters, sorting, pages; POST runs a bulk action."""
    access = _model_access(request, app_label, model_name)
    if isinstance(access, Response):
        return access
    model_admin, perms = access
    if request.method == "POST":
        return _run_action(request, model_admin)
    base = changelist_url(request, model_admin)
    listing = ChangeList(model_admin, request, request.db, base)
    actions = model_admin.available_actions(request)
    crumbs = _crumbs(request, model_admin)
    crumbs[-1] = (crumbs[-1][0], None)
    return render_admin(
        request,
        "admin/change_list.html",
        {
            "title": model_admin.verbose_name_plural.capitalize(),
            "model_admin": model_admin,
            "cl": listing,
            "perms": perms,
            "actions": [(name, fn.short_description) for name, fn in actions.items()],  # type: ignore[attr-defined]
            "add_url": f"{base}add/" if perms["add"] else None,
            "list_url": base,
        },
        breadcrumbs=crumbs,
    )


def _selected_rows(request: Request, model_admin: ModelAdmin, keys: list[str]) -> list[Any]:
    from trestle.admin.access import parse_key

    parsed = []
    for raw in keys:
        key = parse_key(model_admin, raw)
        if key is None:
            raise BadRequest(f"{raw[:40]!r} is not the key of a {model_admin.verbose_name}")
        parsed.append(key)
    pk = model_admin.info.pk_attribute
    statement = model_admin.get_queryset(request).where(pk.in_(parsed)).order_by(pk)
    return list(request.db.scalars(statement))


def _run_action(request: Request, model_admin: ModelAdmin) -> Response:
    form = request.form
    name = form.get("action", "")
    base = changelist_url(request, model_admin)
    back = base + ("?" + request.query_string if request.query_string else "")
    if not name:
        flash(request, "warning", "Choose an action to run.")
        return _see_other(back)
    if name not in model_admin.action_list:
        raise BadRequest(f"there is no action {name[:40]!r}")
    action = model_admin.available_actions(request).get(name)
    if action is None:
        return forbidden(request, "You may not run this action.")
    keys = form.getlist("_selected")
    if len(keys) > 10_000:
        raise BadRequest("select at most 10,000 rows at once")
    if not keys:
        flash(request, "warning", "Select the rows to act on first.")
        return _see_other(back)
    rows = _selected_rows(request, model_admin, keys)
    if not rows:
        flash(request, "warning", "None of the selected rows exists any more.")
        return _see_other(back)
    with atomic(request.db):
        result = action(model_admin, request, rows)
    if isinstance(result, Response):
        return result
    return _see_other(back)


# -- add and change ----------------------------------------------------------------------------


def _search_urls(request: Request, model_admin: ModelAdmin) -> dict[str, tuple[str, str]]:
    """For each relation field: (the related list's URL, its autocomplete URL), if registered."""
    site = admin_site(request)
    found: dict[str, tuple[str, str]] = {}
    relations = {**model_admin.info.relation_by_key, **model_admin.info.relations}
    for name, relation in relations.items():
        target = site.model_admin_for(relation.target)
        if target is None or not target.permissions(request)["view"]:
            continue
        url = changelist_url(request, target)
        found[name] = (url, f"{url}autocomplete/")
    return found


def _make_form(
    request: Request, model_admin: ModelAdmin, row: Any, *, bound: bool
) -> AdminModelForm:
    initial = {}
    if row is not None:
        for name, relation in model_admin.form_class.relation_fields.items():
            target_pk = _pk_getter(relation.target)
            initial[name] = [target_pk(item) for item in getattr(row, name)]
    form = model_admin.form_class(
        request.form if bound else None,
        request.files if bound else None,
        instance=row,
        session=request.db,
        initial=initial,
    )
    form.media = request.app.extensions.get("admin.media")
    prepare_form(
        form,
        request.db,
        model_admin.select_limit,
        model_admin.autocomplete,
        _search_urls(request, model_admin),
    )
    return form


def _pk_getter(model: type[Any]) -> Any:
    from trestle.admin.introspect import model_info

    return model_info(model).pk_of


def _form_page(
    request: Request,
    model_admin: ModelAdmin,
    form: AdminModelForm | None,
    row: Any,
    *,
    title: str,
    perms: dict[str, bool],
    status: int = 200,
) -> Response:
    base = changelist_url(request, model_admin)
    pk = None if row is None else str(model_admin.info.pk_of(row))
    object_url = None if pk is None else f"{base}{quote(pk, safe='')}/"
    if form is None:
        layout = readonly_layout(request, model_admin, row)
    else:
        layout = form_layout(request, model_admin, form, row)
    crumbs = _crumbs(request, model_admin, (title if row is None else str(row), None))
    return render_admin(
        request,
        "admin/change_form.html",
        {
            "title": title,
            "model_admin": model_admin,
            "form": form,
            "row": row,
            "layout": layout,
            "perms": perms,
            "is_add": row is None,
            "multipart": form is not None and form.is_multipart,
            "delete_url": f"{object_url}delete/" if object_url and perms["delete"] else None,
            "history_url": f"{object_url}history/" if object_url else None,
            "list_url": base,
        },
        status=status,
        breadcrumbs=crumbs,
    )


def _valid(request: Request, model_admin: ModelAdmin, form: AdminModelForm, row: Any) -> bool:
    """The form's own checks, then the ModelAdmin's (which may need the request)."""
    if not form.is_valid():
        return False
    model_admin.clean_form(request, form, row)
    return form.is_valid()


def _after_save(request: Request, model_admin: ModelAdmin, row: Any, verb: str) -> Response:
    base = changelist_url(request, model_admin)
    name = model_admin.verbose_name
    pk = quote(str(model_admin.info.pk_of(row)), safe="")
    form = request.form
    if "_continue" in form:
        flash(request, "success", f"The {name} “{row}” was {verb}. You may edit it again below.")
        return _see_other(f"{base}{pk}/change/")
    if "_addanother" in form:
        flash(request, "success", f"The {name} “{row}” was {verb}. You may add another {name}.")
        return _see_other(f"{base}add/")
    flash(request, "success", f"The {name} “{row}” was {verb}.")
    return _see_other(base)


def add(request: Request, app_label: str, model_name: str) -> Response:
    """The form that adds a row."""
    access = _model_access(request, app_label, model_name, "add")
    if isinstance(access, Response):
        return access
    model_admin, perms = access
    title = f"Add {model_admin.verbose_name}"
    posted = request.method == "POST"
    form = _make_form(request, model_admin, None, bound=posted)
    if posted and _valid(request, model_admin, form, None):
        db = request.db
        with atomic(db):
            row = form.apply()
            model_admin.save_model(request, row, form, False)
            db.flush()
            form.save_relations(row, db)
            log_action(db, request.user, model_admin, row, ADDITION, "Added.")
        return _after_save(request, model_admin, row, "added")
    return _form_page(
        request, model_admin, form, None, title=title, perms=perms, status=400 if posted else 200
    )


def change(request: Request, app_label: str, model_name: str, object_id: str) -> Response:
    """The form that changes a row (read-only for users who may only view)."""
    access = _model_access(request, app_label, model_name)
    if isinstance(access, Response):
        return access
    model_admin, perms = access
    row = get_row(request, model_admin, object_id)
    posted = request.method == "POST"
    if not model_admin.has_change_permission(request, row):
        if posted:
            return forbidden(request, f"You may not change {model_admin.verbose_name_plural}.")
        title = f"View {model_admin.verbose_name}"
        return _form_page(request, model_admin, None, row, title=title, perms=perms)
    form = _make_form(request, model_admin, row, bound=posted)
    if posted and _valid(request, model_admin, form, row):
        db = request.db
        message = change_message(form.changed_fields())
        with atomic(db):
            form.apply(row)
            model_admin.save_model(request, row, form, True)
            form.save_relations(row, db)
            db.flush()
            log_action(db, request.user, model_admin, row, CHANGE, message)
        return _after_save(request, model_admin, row, "changed")
    title = f"Change {model_admin.verbose_name}"
    return _form_page(
        request, model_admin, form, row, title=title, perms=perms, status=400 if posted else 200
    )


# -- delete and history ---------------------------------------------------------------------------


def delete(request: Request, app_label: str, model_name: str, object_id: str) -> Response:
    """Confirm, then delete a row; the page lists the related rows that go too."""
    access = _model_access(request, app_label, model_name)
    if isinstance(access, Response):
        return access
    model_admin, _ = access
    row = get_row(request, model_admin, object_id)
    if not model_admin.has_delete_permission(request, row):
        return forbidden(request, f"You may not delete {model_admin.verbose_name_plural}.")
    from trestle.admin.actions import confirm_deletion, delete_rows

    if request.method == "POST":
        done = delete_rows(request, model_admin, [row], single=True)
        if done is not None:
            return done
        flash(request, "success", f"The {model_admin.verbose_name} “{row}” was deleted.")
        return _see_other(changelist_url(request, model_admin))
    return confirm_deletion(request, model_admin, [row], single=True)


def history(request: Request, app_label: str, model_name: str, object_id: str) -> Response:
    """Who changed a row, what and when, newest first."""
    access = _model_access(request, app_label, model_name)
    if isinstance(access, Response):
        return access
    model_admin, _ = access
    try:
        row = get_row(request, model_admin, object_id)
    except NotFound:
        row = None  # deleted: its history is still there to read
    entries = object_history(request.db, model_admin, object_id)
    if row is None and not entries:
        raise NotFound(f"{model_admin.verbose_name.capitalize()} {object_id[:40]!r} has no history")
    name = str(row) if row is not None else entries[0].object_repr
    base = changelist_url(request, model_admin)
    change_url = f"{base}{quote(object_id, safe='')}/change/" if row is not None else None
    return render_admin(
        request,
        "admin/object_history.html",
        {
            "title": f"History: {name}",
            "model_admin": model_admin,
            "entries": entries,
            "name": name,
            "change_url": change_url,
        },
        breadcrumbs=_crumbs(request, model_admin, (name, change_url), ("History", None)),
    )


def autocomplete(request: Request, app_label: str, model_name: str) -> Response:
    """JSON for the autocomplete: ``{"results": [{"id", "text"}], "more": bool}``."""
    access = _model_access(request, app_label, model_name)
    if isinstance(access, Response):
        return access
    model_admin, _ = access
    term = request.query.get("term", "").strip()[:200]
    info = model_admin.info
    statement = model_admin.get_queryset(request)
    if term:
        from sqlalchemy import or_

        from trestle.admin.access import parse_key

        criteria = search_criteria(model_admin.search, term) if model_admin.search else []
        key = parse_key(model_admin, term)
        by_key = info.pk_attribute == key if key is not None else None
        if criteria and by_key is not None:
            from sqlalchemy import and_

            statement = statement.where(or_(by_key, and_(*criteria)))
        elif criteria:
            statement = statement.where(*criteria)
        elif by_key is not None:
            statement = statement.where(by_key)
        else:
            statement = statement.where(false())  # nothing can match
    statement = statement.order_by(*model_admin.default_order, info.pk_attribute)
    rows = list(request.db.scalars(statement.limit(AUTOCOMPLETE_LIMIT + 1)))
    results = [{"id": str(info.pk_of(row)), "text": str(row)} for row in rows[:AUTOCOMPLETE_LIMIT]]
    response = JSONResponse({"results": results, "more": len(rows) > AUTOCOMPLETE_LIMIT})
    response.headers["Cache-Control"] = "no-store, private"
    return response


__all__ = [
    "DELETION",
    "add",
    "app_index",
    "autocomplete",
    "change",
    "changelist",
    "delete",
    "history",
    "index",
]
