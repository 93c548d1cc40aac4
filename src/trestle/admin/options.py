"""``ModelAdmin``: how one model shows in the admin, read once when it is registered.

::

    class PostAdmin(admin.ModelAdmin):
        list_display = ("title", "author", "published", "created")
        list_filter = ("published", "status", "author", "created")
        search_fields = ("title", "author__name")
        readonly_fields = ("created",)

    admin.site.register(Post, PostAdmin)

Every option is checked at registration, so a typo fails at start-up with a message that
names it, not on the first page view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import types

from trestle.admin.actions import delete_selected
from trestle.admin.columns import ListColumn, resolve_columns
from trestle.admin.filters import ListFilter, make_filter
from trestle.admin.forms import AdminModelForm, build_form_class
from trestle.admin.introspect import (
    AdminConfigError,
    label_for,
    model_info,
    model_name,
    plural,
    verbose_name,
    verbose_name_plural,
)
from trestle.admin.search import Matcher, compile_search

if TYPE_CHECKING:
    from trestle.forms.models import ModelForm
    from trestle.http.request import Request

#: Query parameters of the change list that a filter may not use.
RESERVED_PARAMETERS = frozenset({"q", "o", "page"})

Fieldset = tuple[str | None, dict[str, Any]]


class ModelAdmin:
    """The admin options of one model; subclass it and register it with the model."""

    #: The change list's columns: names of columns, relations, methods, or callables.
    list_display: Sequence[Any] = ("__str__",)
    #: The columns that link to the change page (default: the first).
    list_display_links: Sequence[str] | None = None
    #: Side bar filters: booleans, choices, foreign keys (or their relations), dates.
    list_filter: Sequence[str] = ()
    #: Columns searched by the search box (``"title"``, ``"=email"``, ``"author__name"``).
    search_fields: Sequence[str] = ()
    #: The default order (``("-created", "title")``); the primary key, descending, if empty.
    ordering: Sequence[str] = ()
    #: Rows per page of the change list.
    list_per_page: int = 50
    #: The editable fields, in order (default: every column but the key, and many-to-many).
    fields: Sequence[str] | None = None
    #: Fields left out of the form.
    exclude: Sequence[str] = ()
    #: Groups of fields: ``[("Title", {"fields": [...], "description": "..."}), ...]``.
    fieldsets: Sequence[Fieldset] | None = None
    #: Fields shown but not editable: names of columns, methods, or callables.
    readonly_fields: Sequence[Any] = ()
    #: Foreign keys and many-to-many relations entered as keys, with an autocomplete.
    autocomplete_fields: Sequence[str] = ()
    #: Above this many related rows, a select becomes a key field with an autocomplete.
    select_limit: int = 100
    #: Bulk actions besides "delete selected": functions marked with ``@admin.action``.
    actions: Sequence[Callable[..., Any]] = ()
    #: A ModelForm subclass to build the form on (for ``clean`` methods of your own).
    form: type[ModelForm] | None = None
    #: Names shown for the model; empty: from the model (``__verbose_name__``) or its name.
    verbose_name: str = ""
    verbose_name_plural: str = ""

    def __init__(self, model: type[Any], site: Any) -> None:
        self.model = model
        self.site = site
        owner = type(self).__name__
        self.info = info = model_info(model)
        self.app_label: str = model.__app_label__
        self.model_name = model_name(model)
        self.verbose_name = type(self).verbose_name or verbose_name(model)
        self.verbose_name_plural = type(self).verbose_name_plural or (
            plural(self.verbose_name) if type(self).verbose_name else verbose_name_plural(model)
        )
        self.opts_check(owner)
        #: The change list's columns, resolved.
        self.columns: list[ListColumn] = resolve_columns(
            info, self.list_display, self, self.verbose_name
        )
        links = self.list_display_links
        self.link_keys = frozenset(links) if links else frozenset({self.columns[0].key})
        unknown_links = self.link_keys - {column.key for column in self.columns}
        if unknown_links:
            raise AdminConfigError(
                f"{owner}.list_display_links names {sorted(unknown_links)}, not in list_display"
            )
        self.sortable = {column.key: column for column in self.columns if column.sort is not None}
        self.loaders = [column.loader for column in self.columns if column.loader is not None]
        self.filters: list[ListFilter] = [
            make_filter(info, entry, self.select_limit, owner) for entry in self.list_filter
        ]
        for list_filter in self.filters:
            clash = RESERVED_PARAMETERS & set(list_filter.parameters)
            if clash:
                raise AdminConfigError(
                    f"{owner}.list_filter: a filter on {list_filter.name!r} would use the "
                    f"query parameter {sorted(clash)[0]!r}, which the change list uses itself"
                )
        self.search: list[Matcher] = compile_search(info, self.search_fields, owner)
        self.default_order = self._ordering(owner)
        self.readonly: dict[str, Any] = self._readonly(owner)
        self.editable_names = self._editable_names(owner)
        self.autocomplete = self._autocomplete(owner)
        self.form_class: type[AdminModelForm] = build_form_class(
            info, self.editable_names, base=self.form, owner=owner
        )
        self.layout: list[Fieldset] = self._layout(owner)
        self.action_list = self._actions(owner)

    # -- checks done once ---------------------------------------------------------------------

    def opts_check(self, owner: str) -> None:
        """Refuse option values of the wrong shape."""
        for option in ("list_display", "list_filter", "search_fields", "ordering", "actions"):
            value = getattr(self, option)
            if isinstance(value, str):
                raise AdminConfigError(
                    f"{owner}.{option} must be a list or tuple, not the string {value!r} "
                    "(a one-item tuple needs its comma: ('title',))"
                )
        if not self.list_display:
            raise AdminConfigError(f"{owner}.list_display is empty")
        per_page = self.list_per_page
        if isinstance(per_page, bool) or not isinstance(per_page, int) or per_page < 1:
            raise AdminConfigError(f"{owner}.list_per_page must be a positive int")

    def _ordering(self, owner: str) -> list[Any]:
        order = []
        for entry in self.ordering:
            name = entry.lstrip("-")
            if name not in self.info.columns:
                raise AdminConfigError(
                    f"{owner}.ordering names {entry!r}, not a column of {self.model.__name__}"
                )
            column = getattr(self.model, name)
            order.append(column.desc() if entry.startswith("-") else column.asc())
        return order

    def _readonly(self, owner: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for entry in self.readonly_fields:
            if callable(entry):
                found[getattr(entry, "__name__", "value")] = entry
            elif isinstance(entry, str):
                if (
                    entry not in self.info.columns
                    and entry not in self.info.relations
                    and not hasattr(self, entry)
                    and not hasattr(self.model, entry)
                ):
                    raise AdminConfigError(
                        f"{owner}.readonly_fields names {entry!r}, which {self.model.__name__} "
                        "and the ModelAdmin lack"
                    )
                found[entry] = entry
            else:
                raise AdminConfigError(f"{owner}.readonly_fields: {entry!r} is not a name")
        return found

    def _all_field_names(self) -> list[str]:
        """Every column but the key and the foreign keys' relations, then many-to-many."""
        names = [
            name
            for name, column in self.info.columns.items()
            if not column.primary_key and not _auto_only(column)
        ]
        names += [name for name, rel in self.info.relations.items() if rel.secondary]
        return names

    def _editable_names(self, owner: str) -> list[str]:
        if self.fieldsets is not None:
            if self.fields is not None:
                raise AdminConfigError(f"{owner}: set fields or fieldsets, not both")
            listed = [name for _, options in self.fieldsets for name in _fieldset_names(options)]
        elif self.fields is not None:
            listed = list(self.fields)
        else:
            listed = self._all_field_names()
        excluded = set(self.exclude)
        names = []
        for name in listed:
            if name in excluded or name in self.readonly:
                continue
            relation = self.info.relations.get(name)
            names.append(relation.local_key if relation and relation.local_key else name)
        return names

    def _autocomplete(self, owner: str) -> frozenset[str]:
        found = set()
        for name in self.autocomplete_fields:
            relation = self.info.relations.get(name) or self.info.relation_by_key.get(name)
            if relation is None:
                raise AdminConfigError(
                    f"{owner}.autocomplete_fields names {name!r}, not a relation of "
                    f"{self.model.__name__}"
                )
            found.add(relation.local_key or relation.name)
        return frozenset(found)

    def _layout(self, owner: str) -> list[Fieldset]:
        """The fieldsets to draw: the given ones, or one untitled set of every field."""
        if self.fieldsets is not None:
            layout = []
            for title, options in self.fieldsets:
                names = [self._form_name(name) for name in _fieldset_names(options)]
                layout.append((title, {**options, "fields": names}))
            return layout
        names = list(self.editable_names)
        names += [name for name in self.readonly if name not in names]
        if self.fields is not None:
            names = [self._form_name(name) for name in self.fields]
            names += [name for name in self.readonly if name not in names]
        return [(None, {"fields": names})]

    def _form_name(self, name: str) -> str:
        relation = self.info.relations.get(name)
        if name in self.readonly or relation is None or relation.local_key is None:
            return name
        return relation.local_key

    def _actions(self, owner: str) -> dict[str, Callable[..., Any]]:
        found: dict[str, Callable[..., Any]] = {"delete_selected": delete_selected}
        for function in self.actions:
            if not callable(function) or not hasattr(function, "allowed_permissions"):
                raise AdminConfigError(
                    f"{owner}.actions: {function!r} is not marked with @admin.action"
                )
            found[function.__name__] = function
        return found

    # -- permissions (override for rules of your own) -------------------------------------------

    def permission(self, action: str) -> str:
        """``"blog.change_post"``."""
        return f"{self.app_label}.{action}_{self.model_name}"

    def has_view_permission(self, request: Request, row: Any = None) -> bool:
        """May the user see the rows (the change permission includes it)?"""
        user = request.user
        return bool(
            user.has_perm(self.permission("view")) or user.has_perm(self.permission("change"))
        )

    def has_add_permission(self, request: Request) -> bool:
        """May the user add rows?"""
        return bool(request.user.has_perm(self.permission("add")))

    def has_change_permission(self, request: Request, row: Any = None) -> bool:
        """May the user change rows?"""
        return bool(request.user.has_perm(self.permission("change")))

    def has_delete_permission(self, request: Request, row: Any = None) -> bool:
        """May the user delete rows?"""
        return bool(request.user.has_perm(self.permission("delete")))

    def permissions(self, request: Request) -> dict[str, bool]:
        """``{"view": ..., "add": ..., "change": ..., "delete": ...}`` for the user."""
        return {
            "view": self.has_view_permission(request),
            "add": self.has_add_permission(request),
            "change": self.has_change_permission(request),
            "delete": self.has_delete_permission(request),
        }

    def available_actions(self, request: Request) -> dict[str, Callable[..., Any]]:
        """The actions the user may run (each needs its permissions)."""
        perms = self.permissions(request)
        return {
            name: function
            for name, function in self.action_list.items()
            if all(perms[needed] for needed in getattr(function, "allowed_permissions", ()))
        }

    # -- hooks ------------------------------------------------------------------------------------

    def get_queryset(self, request: Request) -> Any:
        """The statement the change list starts from: ``select(Model)`` (narrow it here)."""
        from sqlalchemy import select

        return select(self.model)

    def clean_form(self, request: Request, form: AdminModelForm, row: Any) -> None:
        """Checks that need the request, after the form's own: ``form.add_error(...)``.

        ``row`` is None on the add page.
        """

    def save_model(self, request: Request, row: Any, form: AdminModelForm, change: bool) -> None:
        """Add ``row`` to the session (override to set fields the form does not have)."""
        request.db.add(row)

    def delete_model(self, request: Request, row: Any) -> None:
        """Delete ``row``."""
        request.db.delete(row)

    def readonly_value(self, name: str, row: Any) -> Any:
        """The value a read-only field shows for ``row`` (None on the add page)."""
        entry = self.readonly.get(name, name)
        if callable(entry):
            return entry(row) if row is not None else None
        method = getattr(self, entry, None)
        if method is not None and callable(method) and not hasattr(ModelAdmin, entry):
            return method(row) if row is not None else None
        if row is None:
            return None
        value = getattr(row, entry, None)
        return value() if callable(value) and not isinstance(value, type) else value

    def readonly_label(self, name: str) -> str:
        """The label of a read-only field."""
        entry = self.readonly.get(name, name)
        target = entry if callable(entry) else getattr(self, entry, None)
        described = getattr(target, "short_description", None)
        if described:
            return str(described)
        return self.info.column_label(name) if name in self.info.columns else label_for(name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.app_label}.{self.model_name}>"


def _fieldset_names(options: dict[str, Any]) -> list[str]:
    names = options.get("fields")
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        raise AdminConfigError('a fieldset needs {"fields": [names...]}')
    return list(names)


def _auto_only(column: Any) -> bool:
    """A column the database fills itself (a server default on a timestamp) stays off forms."""
    return column.server_default is not None and isinstance(
        column.type, (types.DateTime, types.Date)
    )
