"""The columns of a change list: what each shows for a row, its header, how it sorts.

A ``list_display`` entry is resolved once, at registration, into a :class:`ListColumn`: a
column of the model, a relation (its row shown by name, loaded with the page in the same
query), a method of the ModelAdmin or the model, or any callable taking the row.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from trestle.admin.introspect import AdminConfigError, ModelInfo, label_for

if TYPE_CHECKING:
    from sqlalchemy.orm.interfaces import LoaderOption
    from sqlalchemy.sql.elements import ColumnElement

#: The kinds of cell a template draws differently.
EMPTY, TRUE, FALSE, TEXT = "empty", "true", "false", "text"

Cell = tuple[str, Any]


def format_value(value: Any, empty: str = "—") -> Cell:
    """``(kind, text)`` for a value: yes/no for booleans, dates in ISO form, "—" for None."""
    if value is None or value == "":
        return EMPTY, empty
    if value is True:
        return TRUE, "Yes"
    if value is False:
        return FALSE, "No"
    if isinstance(value, Markup):
        return TEXT, value
    if isinstance(value, dt.datetime):
        return TEXT, value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return TEXT, value.isoformat()
    if isinstance(value, enum.Enum):
        return TEXT, getattr(value, "label", None) or value.name.replace("_", " ").capitalize()
    if isinstance(value, (int, float, Decimal, str)):
        return TEXT, str(value)
    if isinstance(value, (list, tuple, set)):
        return (TEXT, ", ".join(str(item) for item in value)) if value else (EMPTY, empty)
    return TEXT, str(value)


class ListColumn:
    """One column of the change list."""

    __slots__ = ("boolean", "choices", "getter", "key", "label", "loader", "sort")

    def __init__(
        self,
        key: str,
        label: str,
        getter: Callable[[Any], Any],
        *,
        sort: ColumnElement[Any] | None = None,
        loader: LoaderOption | None = None,
        boolean: bool = False,
        choices: dict[Any, str] | None = None,
    ) -> None:
        #: What ``?o=`` names to sort by it.
        self.key = key
        self.label = label
        self.getter = getter
        #: The SQL expression it sorts by (None: not sortable).
        self.sort = sort
        #: How the page query loads what the column shows (a relation), or None.
        self.loader = loader
        self.boolean = boolean
        self.choices = choices

    def cell(self, row: Any) -> Cell:
        """What the column shows for ``row``."""
        value = self.getter(row)
        if self.choices is not None and value is not None:
            key = value.value if isinstance(value, enum.Enum) else value
            label = self.choices.get(key, self.choices.get(value))
            if label is not None:
                return TEXT, label
        if self.boolean and value is not None:
            value = bool(value)
        return format_value(value)

    def __repr__(self) -> str:
        return f"<ListColumn {self.key}>"


def resolve_columns(
    info: ModelInfo, entries: Iterable[Any], model_admin: Any, verbose_name: str
) -> list[ListColumn]:
    """The columns for ``list_display``; an entry that names nothing is an AdminConfigError."""
    return [resolve_column(info, entry, model_admin, verbose_name) for entry in entries]


def resolve_column(info: ModelInfo, entry: Any, model_admin: Any, verbose_name: str) -> ListColumn:
    """One ``list_display`` entry as a :class:`ListColumn`."""
    from sqlalchemy.orm import joinedload, selectinload

    model = info.model
    if entry == "__str__":
        return ListColumn("__str__", verbose_name.capitalize(), str)
    if callable(entry):
        return _callable_column(info, entry, entry, getattr(entry, "__name__", "column"))
    if not isinstance(entry, str):
        raise AdminConfigError(
            f"list_display entries are names or callables, not {entry!r} ({model.__name__})"
        )
    relation = info.relations.get(entry) or info.relation_by_key.get(entry)
    if relation is not None:
        attribute = getattr(model, relation.name)
        label = info.column_label(entry)
        if relation.to_many:
            return ListColumn(
                entry, label, _attribute_getter(relation.name), loader=selectinload(attribute)
            )
        sort = getattr(model, relation.local_key) if relation.local_key else None
        return ListColumn(
            entry, label, _attribute_getter(relation.name), sort=sort, loader=joinedload(attribute)
        )
    if entry in info.columns:
        column = getattr(model, entry)
        from sqlalchemy import types

        boolean = isinstance(info.columns[entry].type, types.Boolean)
        choices = info.choices_of(entry)
        return ListColumn(
            entry,
            info.column_label(entry),
            _attribute_getter(entry),
            sort=column,
            boolean=boolean,
            choices=_choice_labels(choices) if choices and not _is_enum(info, entry) else None,
        )
    method = getattr(model_admin, entry, None)
    if method is not None and callable(method):
        return _callable_column(info, method, method, entry)
    on_model = getattr(model, entry, None)
    if on_model is not None or hasattr(model, entry):
        described = on_model.fget if isinstance(on_model, property) else on_model
        if isinstance(on_model, property) or not callable(on_model):
            return _callable_column(info, described, _attribute_getter(entry), entry)
        return _callable_column(info, on_model, _method_getter(entry), entry)
    raise AdminConfigError(
        f"{type(model_admin).__name__}.list_display names {entry!r}, which is not a column, "
        f"relation or method of {model.__name__} nor a method of the ModelAdmin"
    )


def _callable_column(
    info: ModelInfo, described: Any, getter: Callable[[Any], Any], name: str
) -> ListColumn:
    label = getattr(described, "short_description", None) or label_for(name)
    sort = None
    order_field = getattr(described, "admin_order_field", None)
    if order_field is not None:
        if order_field not in info.columns:
            raise AdminConfigError(
                f"{name}: ordering={order_field!r} is not a column of {info.model.__name__}"
            )
        sort = getattr(info.model, order_field)
    return ListColumn(
        name, str(label), getter, sort=sort, boolean=bool(getattr(described, "boolean", False))
    )


def _attribute_getter(name: str) -> Callable[[Any], Any]:
    def get(row: Any) -> Any:
        return getattr(row, name)

    return get


def _method_getter(name: str) -> Callable[[Any], Any]:
    def get(row: Any) -> Any:
        return getattr(row, name)()

    return get


def _choice_labels(choices: list[tuple[Any, str]]) -> dict[Any, str]:
    found: dict[Any, str] = {}
    for value, label in choices:
        found[value] = label
        if isinstance(value, enum.Enum):
            found[value.value] = label
    return found


def _is_enum(info: ModelInfo, name: str) -> bool:
    from sqlalchemy import types

    return isinstance(info.columns[name].type, types.Enum)
