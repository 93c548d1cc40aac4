"""The admin's add and change forms: model forms, plus related rows, uploads and lookups.

Built on :mod:`trestle.forms.models`. The form class of a ModelAdmin is made once, at
registration; per request, :func:`prepare_form` binds it to the session and, for a foreign
key or many-to-many whose table holds more rows than a select should list, swaps the select
for a key field (with an autocomplete when JavaScript runs).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select

from trestle.admin.introspect import AdminConfigError, ModelInfo, Relation, label_for, model_info
from trestle.forms.errors import ValidationError
from trestle.forms.fields import Field, MultipleChoiceField
from trestle.forms.files import FileField, ImageField
from trestle.forms.models import ForeignKeyField, ModelForm, model_form

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from trestle.http.forms import UploadedFile


class AutocompleteField(ForeignKeyField):
    """A foreign key typed as the related row's key, looked up by the admin's autocomplete."""

    widget = "input"
    input_type = "text"

    def __init__(self, target: Any, key_type: type, **options: Any) -> None:
        super().__init__(target, key_type, **options)
        self.lookup_url = ""
        self.search_url = ""

    @classmethod
    def replacing(cls, field: ForeignKeyField) -> AutocompleteField:
        """An autocomplete field standing for ``field`` (same name, label, rules, session)."""
        made = cls(
            field.target,
            field.key_type,
            label=field.label,
            required=field.required,
            initial=field.initial,
            help_text=field.help_text,
            attrs=field.attrs,
            validators=field.validators,
            disabled=field.disabled,
        )
        made.name = field.name
        made.session = field.session
        return made

    def html_attrs(self) -> dict[str, Any]:
        attrs = super().html_attrs()
        attrs["autocomplete"] = "off"
        if self.key_type is int:
            attrs["inputmode"] = "numeric"
        if self.search_url:
            attrs["data-autocomplete"] = self.search_url
        return attrs


class RelatedRowsField(MultipleChoiceField):
    """A many-to-many relation as a checkbox per related row (few rows)."""

    def __init__(self, relation: Relation, **options: Any) -> None:
        super().__init__(self._rows, **options)
        self.relation = relation
        self.target_info = model_info(relation.target)
        self.session: Session | None = None

    def _rows(self) -> list[tuple[Any, str]]:
        if self.session is None:
            raise RuntimeError(f"the field {self.name!r} needs the form's session")
        pk_of = self.target_info.pk_of
        statement = select(self.relation.target).order_by(self.target_info.pk_attribute)
        return [(pk_of(row), str(row)) for row in self.session.scalars(statement)]


class RelatedKeysField(Field):
    """A many-to-many relation as the related rows' keys, separated by commas (many rows)."""

    def __init__(self, relation: Relation, **options: Any) -> None:
        super().__init__(**options)
        self.relation = relation
        self.target_info = model_info(relation.target)
        try:
            self.key_type: type = self.target_info.pk_column.type.python_type
        except NotImplementedError:
            self.key_type = str
        self.session: Session | None = None
        self.lookup_url = ""

    @classmethod
    def replacing(cls, field: RelatedRowsField) -> RelatedKeysField:
        """A key list standing for the checkboxes of ``field``."""
        made = cls(
            field.relation,
            label=field.label,
            required=field.required,
            help_text=field.help_text,
            disabled=field.disabled,
        )
        made.name = field.name
        made.session = field.session
        return made

    def empty_value(self) -> Any:
        return []

    def to_python(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            raise ValidationError("Enter keys separated by commas.")
        parts = [part for part in re.split(r"[\s,]+", raw) if part]
        if len(parts) > 1000:
            raise ValidationError("Enter at most 1000 keys.")
        keys = []
        for part in parts:
            try:
                if self.key_type is int and not (part.isascii() and part.isdigit()):
                    raise ValueError(part)
                keys.append(self.key_type(part))
            except (TypeError, ValueError):
                raise ValidationError(f"{part[:20]!r} is not a key.") from None
        keys = list(dict.fromkeys(keys))
        if keys and self.session is not None:
            pk = self.target_info.pk_attribute
            found = set(self.session.scalars(select(pk).where(pk.in_(keys))))
            missing = [str(key) for key in keys if key not in found]
            if missing:
                raise ValidationError(f"No row has the key {', '.join(missing[:5])}.")
        return keys

    def format(self, value: Any) -> Any:
        if not value:
            return ""
        return ", ".join(str(item) for item in value)


class UploadField(FileField):
    """A file stored under MEDIA_ROOT; the column keeps its path (``covers/3fa9_cat.png``)."""

    def __init__(self, upload_to: str, *, image: bool = False, **options: Any) -> None:
        if image and not options.get("accept"):
            options["accept"] = ",".join(f"image/{kind}" for kind in sorted(ImageField.FORMATS))
        super().__init__(**options)
        self.upload_to = upload_to.strip("/")
        self.image = image
        self._image_check = ImageField() if image else None

    def to_python(self, raw: Any) -> Any:
        upload = super().to_python(raw)
        if self._image_check is not None:
            self._image_check.to_python(upload)
        return upload


class AdminModelForm(ModelForm):
    """A model form that also saves many-to-many relations and uploads."""

    #: Names of the relation fields (many-to-many), set by :func:`build_form_class`.
    relation_fields: dict[str, Relation] = {}
    #: Names of the upload fields.
    upload_fields: frozenset[str] = frozenset()
    #: Where uploads go: ``(folder, URL prefix)``, set per request by the view.
    media: tuple[Path, str] | None = None

    def clear_requested(self, name: str) -> bool:
        """Whether the "remove the file" box of an upload field was ticked."""
        if self.data is None:
            return False
        value = self.data.get(self.add_prefix(f"{name}-clear"))
        return isinstance(value, str) and value.lower() in ("on", "1", "true")

    def apply(self, instance: Any = None) -> Any:
        if not self.is_valid():
            raise ValueError(f"{type(self).__qualname__} is not valid: {self.errors}")
        target = instance if instance is not None else self.instance
        if target is None:
            target = self.Meta.model()
        for name, column in self.columns.items():
            if name not in self.cleaned_data or self.fields[name].disabled:
                continue
            value = self.cleaned_data[name]
            if name in self.upload_fields:
                if value is not None:
                    setattr(target, name, self._store(value, self.fields[name]))
                elif self.clear_requested(name) and column.nullable:
                    setattr(target, name, None)
                continue
            if value is None and not column.nullable:
                continue
            setattr(target, name, value)
        self.instance = target
        return target

    def _store(self, upload: UploadedFile, field: Any) -> str:
        if self.media is None:
            raise RuntimeError("uploads need MEDIA_ROOT: set it in the settings")
        root, _ = self.media
        name = safe_file_name(upload.filename)
        relative = f"{field.upload_to}/{secrets.token_hex(4)}_{name}".lstrip("/")
        destination = root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        upload.save(destination)
        return relative

    def save_relations(self, row: Any, session: Session) -> None:
        """Set the many-to-many relations to the chosen rows (one query per relation)."""
        for name, relation in self.relation_fields.items():
            if name not in self.cleaned_data or self.fields[name].disabled:
                continue
            keys = self.cleaned_data[name] or []
            target = model_info(relation.target)
            rows = (
                list(session.scalars(select(relation.target).where(target.pk_attribute.in_(keys))))
                if keys
                else []
            )
            setattr(row, name, rows)

    def changed_fields(self) -> list[str]:
        """The labels of the fields whose value differs from what the form started with."""
        changed = []
        for name, field in self.fields.items():
            if field.disabled or name not in self.cleaned_data:
                continue
            new = self.cleaned_data[name]
            if name in self.upload_fields:
                if new is not None or self.clear_requested(name):
                    changed.append(field.label or name)
                continue
            old = self.initial_for(name)
            if isinstance(new, list) or isinstance(old, list):
                if sorted(map(str, new or [])) != sorted(map(str, old or [])):
                    changed.append(field.label or name)
            elif field.format(new) != field.format(old):
                changed.append(field.label or name)
        return changed


def safe_file_name(name: str) -> str:
    """A client's file name made safe to store: no folders, only plain characters."""
    base = name.replace("\\", "/").rpartition("/")[2]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:60] or "file"
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)[:10].lower()
    return f"{stem}.{extension}" if extension else stem


def build_form_class(
    info: ModelInfo,
    names: Sequence[str],
    *,
    base: type[ModelForm] | None,
    owner: str,
) -> type[AdminModelForm]:
    """The form class for the editable ``names`` (columns, many-to-many relations)."""
    column_names: list[str] = []
    extra: dict[str, Any] = {}
    relations: dict[str, Relation] = {}
    uploads: set[str] = set()
    declared = set(base.fields) if base is not None and issubclass(base, ModelForm) else set()
    for name in names:
        if name in declared and name not in info.columns:
            continue  # a field of the given form that is no column (a new password)
        relation = info.relations.get(name)
        if relation is not None and relation.local_key is None:
            if not relation.secondary:
                raise AdminConfigError(
                    f"{owner}: {name!r} is a one-to-many relation; edit it from the other side"
                )
            relations[name] = relation
            extra[name] = RelatedRowsField(relation, required=False, label=label_for(name))
            continue
        if relation is not None:
            name = relation.local_key or name
        if name not in info.columns:
            raise AdminConfigError(
                f"{owner}.fields names {name!r}, which is not a column or many-to-many "
                f"relation of {info.model.__name__}"
            )
        if info.columns[name].primary_key:
            raise AdminConfigError(f"{owner}.fields: the primary key {name!r} is not editable")
        column_names.append(name)
        column = info.columns[name]
        upload_to = column.info.get("upload_to")
        if upload_to is not None:
            uploads.add(name)
            extra[name] = UploadField(
                str(upload_to),
                image=bool(column.info.get("image")),
                required=not column.nullable,
                label=info.column_label(name),
                help_text=column.info.get("help_text", ""),
                max_size=column.info.get("max_size"),
                extensions=column.info.get("extensions"),
            )
    parent: type[ModelForm] = AdminModelForm
    if base is not None:
        if not issubclass(base, ModelForm):
            raise AdminConfigError(f"{owner}.form must be a ModelForm subclass")
        parent = type(f"{base.__name__}Admin", (AdminModelForm, base), {})
    made = cast("type[AdminModelForm]", model_form(info.model, fields=column_names, base=parent))
    if not extra:
        made.relation_fields = {}
        made.upload_fields = frozenset()
        return made
    meta = made.Meta
    namespace: dict[str, Any] = {"Meta": meta, **extra, "__module__": __name__}
    form_class: type[AdminModelForm] = type(made.__name__, (parent,), namespace)
    form_class.relation_fields = relations
    form_class.upload_fields = frozenset(uploads)
    return form_class


def prepare_form(
    form: AdminModelForm,
    session: Session,
    select_limit: int,
    autocomplete: frozenset[str],
    search_urls: Mapping[str, tuple[str, str]],
) -> None:
    """Bind the relation fields to ``session``; use key fields where a select would be long."""
    form.fields = dict(form.fields)  # this form's own: the class's dict is shared
    for name, field in list(form.fields.items()):
        if isinstance(field, ForeignKeyField) and not isinstance(field, AutocompleteField):
            info = model_info(field.target)
            if name in autocomplete or _more_than(session, info, select_limit):
                replacement = AutocompleteField.replacing(field)
                replacement.lookup_url, replacement.search_url = search_urls.get(name, ("", ""))
                form.fields[name] = replacement
        elif isinstance(field, RelatedRowsField):
            bound = _copy(field)
            bound.session = session
            if name in autocomplete or _more_than(session, bound.target_info, select_limit):
                keys = RelatedKeysField.replacing(bound)
                keys.lookup_url = search_urls.get(name, ("", ""))[0]
                form.fields[name] = keys
            else:
                form.fields[name] = bound


def _copy(field: RelatedRowsField) -> RelatedRowsField:
    import copy

    made = copy.copy(field)
    made._choices = made._rows
    return made


def _more_than(session: Session, info: ModelInfo, limit: int) -> bool:
    """Whether the table has more than ``limit`` rows (reads at most limit + 1 keys)."""
    statement = select(info.pk_attribute).limit(limit + 1)
    return len(session.execute(statement).all()) > limit
