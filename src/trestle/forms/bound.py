"""BoundField: a field of one form instance, with what a template needs to show it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from trestle.forms.fields import ChoiceField, choice_key

if TYPE_CHECKING:
    from trestle.forms.fields import Field
    from trestle.forms.form import Form


def html_attrs(attrs: Mapping[str, Any]) -> Markup:
    """`` name="value"`` pairs, escaped; True is a bare attribute, False or None is left out."""
    parts = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if value is True:
            parts.append(f" {escape(name)}")
        else:
            parts.append(f' {escape(name)}="{escape(value)}"')
    return Markup("".join(parts))


class Option:
    """One choice of a select, radio group or checkbox group."""

    __slots__ = ("id", "input_attrs", "label", "selected", "value")

    def __init__(self, value: str, label: str, selected: bool, id: str, input_attrs: Markup):
        self.value = value
        self.label = label
        self.selected = selected
        #: The id of the choice's own input (radios and checkboxes).
        self.id = id
        #: The attributes of the choice's own ``<input>`` (radios and checkboxes).
        self.input_attrs = input_attrs


class BoundField:
    """A field of a form instance: its name, id, label, value to show, errors and attributes."""

    def __init__(self, form: Form, field: Field) -> None:
        self.form = form
        self.field = field
        #: The ``name`` it is sent under (with the form's prefix).
        self.name = form.add_prefix(field.name)
        #: The element id; errors are ``<id>-errors``, help ``<id>-help``.
        self.id = f"id_{self.name}"
        self.label = field.label or field.name
        self.help_text = field.help_text
        self.widget = field.widget
        self.input_type = field.input_type
        self.required = field.required

    @property
    def errors(self) -> list[str]:
        """The field's error messages (empty when valid or unbound)."""
        return self.form.errors.get(self.field.name, [])

    @property
    def errors_id(self) -> str:
        return f"{self.id}-errors"

    @property
    def help_id(self) -> str:
        return f"{self.id}-help"

    @property
    def data(self) -> Any:
        """The shown value, unformatted: what was entered (bound) or the initial value."""
        form = self.form
        if form.is_bound:
            return self.field.raw_value(form.data, form.files, self.name)
        return form.initial_for(self.field.name)

    @property
    def value(self) -> Any:
        """The text the widget shows: what was entered when bound, never a password."""
        field = self.field
        if not field.render_value:
            return ""
        if self.form.is_bound:
            raw = self.data
            if field.multiple:
                return [str(item) for item in raw or ()]
            return "" if raw is None else raw
        return field.format(self.form.initial_for(field.name))

    @property
    def checked(self) -> bool:
        """For a checkbox: whether it is ticked."""
        from trestle.forms.fields import BooleanField

        if self.form.is_bound:
            raw = self.data
            return isinstance(raw, str) and raw.strip().lower() in BooleanField._TRUE
        return bool(self.form.initial_for(self.field.name))

    @property
    def described_by(self) -> str:
        """The ids that describe the input: its errors, then its help text."""
        ids = []
        if self.errors:
            ids.append(self.errors_id)
        if self.help_text:
            ids.append(self.help_id)
        return " ".join(ids)

    def attrs(self, extra: Mapping[str, Any] | None = None) -> Markup:
        """The attributes of the input (or select, or textarea), with ARIA for errors."""
        field = self.field
        attrs: dict[str, Any] = {"id": self.id, "name": self.name}
        widget = self.widget
        if widget in ("input", "hidden", "file", "checkbox"):
            attrs["type"] = self.input_type
        if widget in ("input", "hidden"):
            value = self.value
            if value != "" and value is not None:
                attrs["value"] = value
        if widget == "checkbox":
            attrs["checked"] = self.checked
        if widget == "select" and field.multiple:
            attrs["multiple"] = True
        attrs.update(field.html_attrs())
        if widget == "checkbox":
            attrs.pop("required", None)  # the server says "tick this box", with a message
        attrs.update(field.attrs)
        if self.errors:
            attrs["aria-invalid"] = "true"
        if self.described_by:
            attrs["aria-describedby"] = self.described_by
        if extra:
            attrs.update(extra)
        return html_attrs(attrs)

    @property
    def options(self) -> list[Option]:
        """The choices, each marked selected or not (with the entered or initial values)."""
        field = self.field
        if not isinstance(field, ChoiceField):
            return []
        current = self.value
        chosen = set(current) if isinstance(current, list) else {current}
        found = []
        for index, (value, label) in enumerate(field.choices):
            key = choice_key(value)
            option_id = f"{self.id}_{index}"
            input_attrs: dict[str, Any] = {
                "type": "checkbox" if field.multiple else "radio",
                "id": option_id,
                "name": self.name,
                "value": key,
                "checked": key in chosen,
            }
            if field.disabled:
                input_attrs["disabled"] = True
            if field.required and not field.multiple:
                input_attrs["required"] = True
            found.append(Option(key, label, key in chosen, option_id, html_attrs(input_attrs)))
        return found

    @property
    def placeholder_option(self) -> bool:
        """Whether a select starts with an empty "choose" option (optional, or no value yet)."""
        return (
            self.widget == "select"
            and not self.field.multiple
            and (not self.required or self.value in ("", None))
        )

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<BoundField {self.name}>"
