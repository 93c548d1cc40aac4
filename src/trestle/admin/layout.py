"""How the add and change pages lay out their fields: fieldsets of form fields and values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from trestle.admin.columns import Cell, format_value
from trestle.admin.forms import AutocompleteField, RelatedKeysField, UploadField

if TYPE_CHECKING:
    from trestle.admin.forms import AdminModelForm
    from trestle.admin.options import ModelAdmin
    from trestle.forms.bound import BoundField
    from trestle.http.request import Request


@dataclass(slots=True)
class Item:
    """One line of a fieldset: an editable field, or a value shown as text."""

    #: ``"field"``, ``"key"`` (a foreign key typed as a key), ``"keys"`` (many-to-many
    #: keys), ``"file"`` (an upload) or ``"value"`` (text, not editable).
    kind: str
    label: str
    bound: BoundField | None = None
    cell: Cell | None = None
    #: For a key field: the related list (to look a key up) and the current row's name.
    lookup_url: str = ""
    current: str = ""
    #: For an upload: the stored path, its URL, and the name of the "remove" checkbox.
    file_path: str = ""
    file_url: str = ""
    clear_name: str = ""


@dataclass(slots=True)
class FieldsetView:
    """A group of fields with its title and description."""

    title: str | None
    description: str
    items: list[Item] = field(default_factory=list)
    collapsed: bool = False


def _cell_of(model_admin: ModelAdmin, name: str, row: Any) -> Cell:
    """The value of ``name`` on ``row`` as text (a related row by its name)."""
    info = model_admin.info
    if name in model_admin.readonly:
        return format_value(model_admin.readonly_value(name, row))
    if row is None:
        return format_value(None)
    relation = info.relation_by_key.get(name) or info.relations.get(name)
    if relation is not None:
        return format_value(getattr(row, relation.name))
    value = getattr(row, name, None)
    choices = info.choices_of(name)
    if choices is not None and value is not None:
        labels = {choice: label for choice, label in choices}
        return ("text", labels.get(value, str(value)))
    return format_value(value)


def _label(model_admin: ModelAdmin, name: str) -> str:
    if name in model_admin.readonly:
        return model_admin.readonly_label(name)
    return model_admin.info.column_label(name)


def form_layout(
    request: Request, model_admin: ModelAdmin, form: AdminModelForm, row: Any
) -> list[FieldsetView]:
    """The fieldsets of an add or change page."""
    media = request.app.extensions.get("admin.media")
    found = []
    for title, options in model_admin.layout:
        view = FieldsetView(
            title, str(options.get("description", "")), collapsed=_collapsed(options)
        )
        for name in options["fields"]:
            if name in form.fields:
                view.items.append(_field_item(model_admin, form, name, row, media))
            else:
                view.items.append(
                    Item("value", _label(model_admin, name), cell=_cell_of(model_admin, name, row))
                )
        found.append(view)
    return found


def readonly_layout(request: Request, model_admin: ModelAdmin, row: Any) -> list[FieldsetView]:
    """The fieldsets of a row shown to a user who may not change it."""
    found = []
    for title, options in model_admin.layout:
        view = FieldsetView(
            title, str(options.get("description", "")), collapsed=_collapsed(options)
        )
        for name in options["fields"]:
            view.items.append(
                Item("value", _label(model_admin, name), cell=_cell_of(model_admin, name, row))
            )
        found.append(view)
    return found


def _collapsed(options: dict[str, Any]) -> bool:
    classes = options.get("classes", ())
    return "collapse" in classes


def _field_item(
    model_admin: ModelAdmin,
    form: AdminModelForm,
    name: str,
    row: Any,
    media: tuple[Any, str] | None,
) -> Item:
    bound = form[name]
    field_object = bound.field
    item = Item("field", bound.label, bound=bound)
    if isinstance(field_object, AutocompleteField):
        item.kind = "key"
        item.lookup_url = field_object.lookup_url
        relation = model_admin.info.relation_by_key.get(name)
        if row is not None and relation is not None and not form.is_bound:
            current = getattr(row, relation.name)
            item.current = "" if current is None else str(current)
    elif isinstance(field_object, RelatedKeysField):
        item.kind = "keys"
        item.lookup_url = field_object.lookup_url
        relation = model_admin.info.relations.get(name)
        if row is not None and relation is not None:
            item.current = ", ".join(str(related) for related in getattr(row, name))
    elif isinstance(field_object, UploadField):
        item.kind = "file"
        stored = getattr(row, name, None) if row is not None else None
        if stored:
            item.file_path = str(stored)
            if media is not None and media[1]:
                from urllib.parse import quote

                item.file_url = media[1] + quote(str(stored))
            if model_admin.info.columns[name].nullable:
                item.clear_name = form.add_prefix(f"{name}-clear")
    return item
