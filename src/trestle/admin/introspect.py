"""What the admin reads from a model once, at registration: names, labels, keys, relations.

Everything here runs at start-up; the request path uses the results.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import RelationshipDirection

from trestle.db.model import snake_case

if TYPE_CHECKING:
    from sqlalchemy import Column
    from sqlalchemy.orm import Mapper, RelationshipProperty


class AdminConfigError(Exception):
    """A ModelAdmin that cannot work as written; the message says what to change."""


def model_name(model: type[Any]) -> str:
    """``BlogPost`` -> ``blog_post``: the name in URLs and permission codenames."""
    return snake_case(model.__name__)


def verbose_name(model: type[Any]) -> str:
    """``"blog post"``, or the model's ``__verbose_name__``."""
    given = getattr(model, "__verbose_name__", None)
    return str(given) if given else model_name(model).replace("_", " ")


def verbose_name_plural(model: type[Any]) -> str:
    """``"blog posts"`` (``"categories"``, ``"boxes"``), or ``__verbose_name_plural__``."""
    given = getattr(model, "__verbose_name_plural__", None)
    if given:
        return str(given)
    return plural(verbose_name(model))


def plural(word: str) -> str:
    """A plain English plural, enough for model names."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def label_for(name: str) -> str:
    """``"author_id"`` -> ``"Author"``; ``"created_at"`` -> ``"Created at"``."""
    if name.endswith("_id") and len(name) > 3:
        name = name[:-3]
    return name.replace("_", " ").strip().capitalize() or name


@dataclass(frozen=True, slots=True)
class Relation:
    """A relationship of the model: to one row (a foreign key) or to many."""

    name: str
    target: type[Any]
    to_many: bool
    #: The local foreign key column's attribute for a many-to-one relation.
    local_key: str | None
    #: True for a many-to-many through a link table.
    secondary: bool


class ModelInfo:
    """The facts about one model the admin needs, read once."""

    def __init__(self, model: type[Any]) -> None:
        mapper: Mapper[Any] = sa_inspect(model)
        self.model = model
        self.mapper = mapper
        if len(mapper.primary_key) != 1:
            raise AdminConfigError(
                f"{model.__name__} has a primary key of {len(mapper.primary_key)} columns; "
                "the admin needs a single-column key"
            )
        self.pk_column = mapper.primary_key[0]
        self.pk_name = mapper.get_property_by_column(self.pk_column).key
        self.pk_attribute = getattr(model, self.pk_name)
        #: Column attributes by key (single-column ones).
        self.columns: dict[str, Column[Any]] = {}
        for attribute in mapper.column_attrs:
            if len(attribute.columns) == 1:
                self.columns[attribute.key] = attribute.columns[0]  # type: ignore[assignment]
        #: Relationships by name.
        self.relations: dict[str, Relation] = {}
        #: FK column key -> the many-to-one relationship that uses it.
        self.relation_by_key: dict[str, Relation] = {}
        for rel in mapper.relationships:
            self._add_relation(rel)

    def _add_relation(self, rel: RelationshipProperty[Any]) -> None:
        to_many = rel.direction is not RelationshipDirection.MANYTOONE or bool(rel.uselist)
        local_key = None
        if not to_many and len(rel.local_columns) == 1:
            (column,) = tuple(rel.local_columns)
            local_key = self.mapper.get_property_by_column(column).key
        relation = Relation(
            rel.key, rel.mapper.class_, to_many, local_key, rel.secondary is not None
        )
        self.relations[rel.key] = relation
        if local_key is not None:
            self.relation_by_key.setdefault(local_key, relation)

    def pk_of(self, row: Any) -> Any:
        """The primary key value of ``row``."""
        return getattr(row, self.pk_name)

    def column_label(self, name: str) -> str:
        """The label of a column or relation: ``info["label"]``, else from its name."""
        column = self.columns.get(name)
        if column is not None and "label" in column.info:
            return str(column.info["label"])
        return label_for(name)

    def choices_of(self, name: str) -> list[tuple[Any, str]] | None:
        """The choices of a column (an Enum type or ``info["choices"]``), else None."""
        from sqlalchemy import types

        from trestle.forms.fields import normalize_choices

        column = self.columns.get(name)
        if column is None:
            return None
        if isinstance(column.type, types.Enum):
            if column.type.enum_class is not None:
                return normalize_choices(column.type.enum_class)
            return normalize_choices(list(column.type.enums))
        given = column.info.get("choices")
        if given is None:
            return None
        if isinstance(given, type) and issubclass(given, enum.Enum):
            return normalize_choices(given)
        return normalize_choices(given)


_INFOS: dict[type[Any], ModelInfo] = {}


def model_info(model: type[Any]) -> ModelInfo:
    """The :class:`ModelInfo` of ``model``, read once and kept."""
    found = _INFOS.get(model)
    if found is None:
        found = _INFOS[model] = ModelInfo(model)
    return found
