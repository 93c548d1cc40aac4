"""Model forms: a form's fields derived from a SQLAlchemy model (``trestle.db.Model``).

::

    class PostForm(ModelForm):
        class Meta:
            model = Post
            fields = ["title", "body", "author_id"]     # or exclude = [...]

    form = PostForm.from_request(request, session=request.db)
    if form.is_valid():
        post = form.save()          # added to the session; the view commits
        request.db.commit()

Each column becomes a field of its type: strings keep their length, non-nullable columns
without a default are required, Enum columns are choices, integers keep their column's
range, a foreign key is a select of the rows it may point to. The primary key is left out.
Fields declared on the class replace the derived ones. A ``unique`` column is checked
against the database, so a duplicate is a form error rather than an IntegrityError.
Columns of other types (JSON, binary...) get no field: declare one yourself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, select, types
from sqlalchemy import inspect as sa_inspect

from trestle.forms.errors import ValidationError
from trestle.forms.fields import (
    BooleanField,
    ChoiceField,
    DateField,
    DateTimeField,
    DecimalField,
    Field,
    FloatField,
    IntegerField,
    TextField,
)
from trestle.forms.form import Form

if TYPE_CHECKING:
    from sqlalchemy.orm import Mapper, Session

    from trestle.http.request import Request

# The range of each integer column type, so a value the database would refuse is a form error.
_INTEGER_RANGES: list[tuple[type[types.TypeEngine[Any]], int, int]] = [
    (types.SmallInteger, -(2**15), 2**15 - 1),
    (types.BigInteger, -(2**63), 2**63 - 1),
    (types.Integer, -(2**31), 2**31 - 1),
]


class ForeignKeyField(ChoiceField):
    """A select of the rows a foreign key may point to; the cleaned value is the key.

    The choices are read through the form's session (``ModelForm(..., session=...)``); a
    submitted key is checked with one lookup, not by listing every row.
    """

    def __init__(self, target: Any, key_type: type, **options: Any) -> None:
        super().__init__(self._rows, **options)
        #: The mapped class the key points to.
        self.target = target
        self.key_type = key_type
        self.session: Session | None = None

    def bound_to(self, session: Session | None) -> ForeignKeyField:
        """A copy of the field that reads through ``session``."""
        import copy

        bound = copy.copy(self)
        bound.session = session
        bound._choices = bound._rows
        return bound

    def _session(self) -> Session:
        if self.session is None:
            raise RuntimeError(
                f"the field {self.name!r} lists rows of {self.target.__name__}: give the form "
                "a database session (MyForm(..., session=request.db))"
            )
        return self.session

    def _rows(self) -> list[tuple[Any, str]]:
        mapper: Mapper[Any] = sa_inspect(self.target)
        (key,) = mapper.primary_key
        rows = self._session().scalars(select(self.target).order_by(key)).all()
        return [(mapper.primary_key_from_instance(row)[0], str(row)) for row in rows]

    def to_python(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            raise ValidationError("Choose one of the options.")
        try:
            key = self.key_type(raw)
        except (ValueError, TypeError):
            raise ValidationError("Choose one of the options.") from None
        if self._session().get(self.target, key) is None:
            raise ValidationError("Choose one of the options.")
        return key


class ModelForm(Form):
    """A form whose fields come from ``Meta.model``; see the module docstring."""

    class Meta:
        model: Any = None
        #: The columns to make fields of, in order (None: every column but the key).
        fields: Sequence[str] | None = None
        #: Columns to leave out.
        exclude: Sequence[str] = ()

    #: The columns behind the fields (name → Column), for saving and uniqueness checks.
    columns: dict[str, Column[Any]] = {}
    #: The fields declared on the class or a parent, which fields made from columns never
    #: replace (``model_form(Model, base=MyForm)`` keeps MyForm's fields).
    declared_fields: frozenset[str] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        own = {name for name, value in cls.__dict__.items() if isinstance(value, Field)}
        cls.declared_fields = frozenset(
            own.union(*(getattr(base, "declared_fields", ()) for base in cls.__mro__[1:]))
        )
        meta = cls.__dict__.get("Meta")
        derived: dict[str, Field] = {}
        if meta is not None and getattr(meta, "model", None) is not None:
            derived, cls.columns = fields_for_model(
                meta.model, getattr(meta, "fields", None), getattr(meta, "exclude", ())
            )
            for name, field in derived.items():
                if name not in cls.declared_fields:
                    field.__set_name__(cls, name)
                    setattr(cls, name, field)
        super().__init_subclass__(**kwargs)
        # The model's order; declared fields replace derived ones in place, others follow.
        declared = cls.fields
        cls.fields = {
            **{name: declared.get(name, field) for name, field in derived.items()},
            **declared,
        }

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        instance: Any = None,
        session: Session | None = None,
        initial: dict[str, Any] | None = None,
        prefix: str = "",
    ) -> None:
        #: The row being edited (None: the form creates one).
        self.instance = instance
        #: Where foreign key choices and uniqueness are looked up, and where save() adds.
        self.session = session
        values = {}
        if instance is not None:
            values = {name: getattr(instance, name) for name in self.columns}
        values.update(initial or {})
        super().__init__(data, files, initial=values, prefix=prefix)
        fields = type(self).fields
        if any(isinstance(field, ForeignKeyField) for field in fields.values()):
            self.fields = {
                name: field.bound_to(session) if isinstance(field, ForeignKeyField) else field
                for name, field in fields.items()
            }

    @classmethod
    def from_request(cls, request: Request, **options: Any) -> ModelForm:
        """Bound for POST, PUT, PATCH, DELETE; ``session`` defaults to ``request.db`` if any."""
        if "session" not in options and request.is_attached("db"):
            options["session"] = request.db
        return super().from_request(request, **options)  # type: ignore[return-value]

    def full_clean(self) -> None:
        super().full_clean()
        if self.session is not None:
            self._check_unique()

    def _check_unique(self) -> None:
        model = self.Meta.model
        mapper: Mapper[Any] = sa_inspect(model)
        key_columns = list(mapper.primary_key)
        for name, column in self.columns.items():
            if not column.unique or name not in self.cleaned_data:
                continue
            value = self.cleaned_data[name]
            if value is None:
                continue
            query = select(getattr(model, name)).where(getattr(model, name) == value)
            if self.instance is not None:
                for key_column, key in zip(
                    key_columns, mapper.primary_key_from_instance(self.instance), strict=True
                ):
                    query = query.where(key_column != key)
            assert self.session is not None
            if self.session.execute(query.limit(1)).first() is not None:
                label = self.fields[name].label or name
                self.add_error(
                    name, f"A {_model_name(model)} with this {label.lower()} already exists."
                )

    def apply(self, instance: Any = None) -> Any:
        """Copy the cleaned values onto ``instance`` (the form's, or a new one); return it."""
        if not self.is_valid():
            raise ValueError(f"{type(self).__qualname__} is not valid: {self.errors}")
        target = instance if instance is not None else self.instance
        if target is None:
            target = self.Meta.model()
        for name, column in self.columns.items():
            if name not in self.cleaned_data or self.fields[name].disabled:
                continue
            value = self.cleaned_data[name]
            if value is None and not column.nullable:
                continue  # left empty: the column's default (new row) or its value stays
            setattr(target, name, value)
        self.instance = target
        return target

    def save(self) -> Any:
        """:meth:`apply`, then add the row to the form's session (commit it in the view)."""
        row = self.apply()
        if self.session is None:
            raise RuntimeError("save() needs the form's session: MyForm(..., session=request.db)")
        self.session.add(row)
        return row


def model_form(
    model: Any,
    *,
    fields: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    base: type[ModelForm] = ModelForm,
) -> type[ModelForm]:
    """A ModelForm class for ``model``, made at run time (the admin makes its forms so)."""
    meta = type("Meta", (), {"model": model, "fields": fields, "exclude": tuple(exclude)})
    return type(f"{model.__name__}Form", (base,), {"Meta": meta, "__module__": __name__})


def fields_for_model(
    model: Any, only: Sequence[str] | None = None, exclude: Iterable[str] = ()
) -> tuple[dict[str, Field], dict[str, Column[Any]]]:
    """The fields for a model's columns, and the columns they stand for."""
    mapper: Mapper[Any] = sa_inspect(model)
    available: dict[str, Column[Any]] = {}
    # mapper.columns, not column_attrs: reading it does not configure every mapper of the
    # registry, so defining a form never fails for another app's unfinished relationship.
    for key, column in mapper.columns.items():
        if column.primary_key or not isinstance(column, Column):
            continue
        available[key] = column
    excluded = set(exclude)
    if only is not None:
        unknown = [name for name in only if name not in available]
        if unknown:
            raise TypeError(
                f"{model.__name__} has no column {unknown[0]!r} for a form field "
                f"(its columns: {', '.join(available)}; the primary key is never one)"
            )
        names: Iterable[str] = only
    else:
        names = available
    fields: dict[str, Field] = {}
    columns: dict[str, Column[Any]] = {}
    for name in names:
        if name in excluded:
            continue
        field = field_for_column(available[name], model)
        if field is not None:
            fields[name] = field
            columns[name] = available[name]
    return fields, columns


def field_for_column(column: Column[Any], model: Any = None) -> Field | None:
    """The form field for one column, or None for a type forms do not handle."""
    info = column.info
    sql_type = column.type
    has_default = column.default is not None or column.server_default is not None
    options: dict[str, Any] = {
        "required": not column.nullable and not has_default,
        "help_text": info.get("help_text") or column.comment or "",
    }
    if "label" in info:
        options["label"] = info["label"]
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        options["initial"] = default.arg  # type: ignore[attr-defined]
    if column.foreign_keys and model is not None:
        (foreign_key,) = tuple(column.foreign_keys)[:1]
        target = _mapped_class_of(model, foreign_key.column.table)
        if target is not None:
            if "label" not in options and column.key.endswith("_id"):
                options["label"] = column.key[:-3].replace("_", " ").capitalize()
            return ForeignKeyField(target, _python_type(foreign_key.column), **options)
    choices = info.get("choices")
    if isinstance(sql_type, types.Enum):
        choices = sql_type.enum_class or list(sql_type.enums)
    if choices is not None:
        return ChoiceField(choices, **options)
    if isinstance(sql_type, types.Boolean):
        options["required"] = False  # unticked is False, not "missing"
        return BooleanField(**options)
    if isinstance(sql_type, types.Integer):
        low, high = next(
            (low, high) for kind, low, high in _INTEGER_RANGES if isinstance(sql_type, kind)
        )
        return IntegerField(min_value=low, max_value=high, **options)
    # Float is not a Numeric in SQLAlchemy 2.1 (both are NumericCommon): test it first.
    if isinstance(sql_type, types.Float):
        return FloatField(**options)
    if isinstance(sql_type, types.Numeric):
        if not sql_type.asdecimal:
            return FloatField(**options)
        return DecimalField(max_digits=sql_type.precision, decimal_places=sql_type.scale, **options)
    if isinstance(sql_type, types.DateTime):
        zone = dt.UTC if sql_type.timezone else None
        return DateTimeField(timezone=zone, **options)
    if isinstance(sql_type, types.Date):
        return DateField(**options)
    if isinstance(sql_type, types.String):
        if column.nullable:
            options["empty"] = None
        if isinstance(sql_type, types.Text) or sql_type.length is None:
            options.setdefault("widget", "textarea")
        return TextField(max_length=sql_type.length, **options)
    return None


def _python_type(column: Any) -> type:
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return str
    return kind if kind in (int, str) else str


def _mapped_class_of(model: Any, table: Any) -> Any:
    for mapper in sa_inspect(model).registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    return None


def _model_name(model: Any) -> str:
    import re

    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", model.__name__).lower()


__all__ = ["ForeignKeyField", "ModelForm", "field_for_column", "fields_for_model", "model_form"]
