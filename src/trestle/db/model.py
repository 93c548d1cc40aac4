"""``Model``: the declarative base every app's models derive from.

A model is a SQLAlchemy 2 declarative class with three conveniences:

- its table is named ``<app label>_<class name in snake case>`` (``blog_post``), where the
  app label comes from the module path (``blog.models`` -> ``blog``, ``trestle.auth.models``
  -> ``auth``; otherwise the module's last component), unless the class sets
  ``__tablename__`` or ``__app_label__``;
- it gets an integer ``id`` primary key unless it declares a primary key of its own;
- ``str()`` and ``repr()`` say what the row is, without loading anything.

The app label is kept on the class (``Post.__app_label__``) and on the table
(``table.info["app_label"]``), so migrations can be written per app. Constraint and index
names follow a naming convention, so migrations can name them on every database.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Column, Integer, MetaData, PrimaryKeyConstraint, String
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import DeclarativeBase, MappedColumn, mapped_column

if TYPE_CHECKING:
    from sqlalchemy.orm import Mapped

#: Names for constraints and indexes, the same on every database (migrations rely on them).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENTIFIER = re.compile(r"[^a-z0-9_]+")
_REPR_LIMIT = 40


def app_label_for(module: str) -> str:
    """The app label a module's models get: the package above ``models``, else the module."""
    parts = module.split(".")
    label = parts[parts.index("models", 1) - 1] if "models" in parts[1:] else parts[-1]
    return _NOT_IDENTIFIER.sub("_", label.lower()).strip("_") or "main"


def snake_case(name: str) -> str:
    """``BlogPost`` -> ``blog_post``; ``HTTPLog`` -> ``http_log``."""
    return _WORD_BOUNDARY.sub("_", name).lower()


class Model(DeclarativeBase):
    """The base class of models: ``class Post(Model): title: Mapped[str]``."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    #: ``Mapped[str]`` is a VARCHAR(255) (MySQL needs a length); use ``Text`` for long text.
    type_annotation_map = {str: String(255)}

    #: The label of the app the model belongs to (``"blog"``).
    __app_label__: ClassVar[str] = ""

    if TYPE_CHECKING:
        #: The primary key Trestle adds to a model that declares none.
        id: Mapped[int]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        own = cls.__dict__
        if "__app_label__" not in own:
            cls.__app_label__ = app_label_for(cls.__module__)
        standalone = not own.get("__abstract__", False) and "__table__" not in own
        if standalone and not _has_mapped_parent(cls):
            if "__tablename__" not in own:
                cls.__tablename__ = f"{cls.__app_label__}_{snake_case(cls.__name__)}"
            if not _declares_primary_key(cls):
                # sort_order: the added key comes first in CREATE TABLE.
                cls.id = mapped_column(Integer, primary_key=True, sort_order=-1000)
        super().__init_subclass__(**kwargs)
        table = own.get("__table__")
        if table is not None:
            table.info.setdefault("app_label", cls.__app_label__)

    def __str__(self) -> str:
        identity = sa_inspect(self).identity
        if identity is None:
            return f"{type(self).__name__} (unsaved)"
        key = identity[0] if len(identity) == 1 else ", ".join(map(str, identity))
        return f"{type(self).__name__} {key}"

    def __repr__(self) -> str:
        state = sa_inspect(self)
        loaded = state.dict
        fields = []
        for attribute in state.mapper.column_attrs:
            if attribute.key in loaded:
                text = repr(loaded[attribute.key])
                if len(text) > _REPR_LIMIT:
                    text = text[: _REPR_LIMIT - 3] + "..."
                fields.append(f"{attribute.key}={text}")
        inside = " ".join(fields) if fields else "(unsaved)" if state.transient else "(expired)"
        return f"<{type(self).__name__} {inside}>"


def _has_mapped_parent(cls: type) -> bool:
    """True when a base class is itself mapped (the class then inherits its table)."""
    for base in cls.__mro__[1:]:
        if base is Model:
            return False
        if "__table__" in base.__dict__ or "__mapper__" in base.__dict__:
            return True
    return False


def _declares_primary_key(cls: type) -> bool:
    """True when the class or a mixin declares a primary key column or constraint."""
    for klass in cls.__mro__:
        if klass is Model:
            break
        for value in vars(klass).values():
            if isinstance(value, MappedColumn) and value.column.primary_key:
                return True
            if isinstance(value, Column) and value.primary_key:
                return True
        table_args = vars(klass).get("__table_args__")
        if isinstance(table_args, tuple) and any(
            isinstance(arg, PrimaryKeyConstraint) for arg in table_args
        ):
            return True
        mapper_args = vars(klass).get("__mapper_args__")
        if isinstance(mapper_args, dict) and "primary_key" in mapper_args:
            return True
    return False
