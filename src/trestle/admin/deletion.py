"""What deleting rows takes along: the rows that refer to them, found through foreign keys.

Before a delete, the confirmation page lists, per table, the rows that go too (a cascade in
the database or in the ORM), the rows that stay but lose their link (SET NULL), and the rows
that forbid the delete (a foreign key with neither). Rows are found with subqueries, level
by level, so a thousand children cost one query per table, not one per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from trestle.admin.introspect import model_info, verbose_name, verbose_name_plural

if TYPE_CHECKING:
    from sqlalchemy import Select, Table
    from sqlalchemy.orm import Session

#: Rows named per table on the confirmation page; the rest are counted.
SHOWN_ROWS = 20
#: How deep cascades are followed.
MAX_DEPTH = 4

DELETE, UNLINK, PROTECT = "delete", "unlink", "protect"


@dataclass(slots=True)
class RelatedGroup:
    """The rows of one table that a delete affects, one way."""

    label: str
    effect: str
    count: int
    names: list[str] = field(default_factory=list)
    depth: int = 1


@dataclass(slots=True)
class DeletionPlan:
    """What deleting some rows does to the others."""

    groups: list[RelatedGroup]

    @property
    def deleted(self) -> list[RelatedGroup]:
        """The rows that go too."""
        return [group for group in self.groups if group.effect == DELETE]

    @property
    def unlinked(self) -> list[RelatedGroup]:
        """The rows that stay, with their link emptied."""
        return [group for group in self.groups if group.effect == UNLINK]

    @property
    def protected(self) -> list[RelatedGroup]:
        """The rows that forbid the delete."""
        return [group for group in self.groups if group.effect == PROTECT]

    @property
    def allowed(self) -> bool:
        """True when nothing forbids the delete."""
        return not self.protected


def plan_deletion(session: Session, model: type[Any], keys: list[Any]) -> DeletionPlan:
    """The effects of deleting the rows of ``model`` whose keys are ``keys``."""
    info = model_info(model)
    groups: list[RelatedGroup] = []
    _visit(session, model, select(info.pk_attribute).where(info.pk_attribute.in_(keys)), 1, groups)
    return DeletionPlan(groups)


def _visit(
    session: Session, model: type[Any], keys: Select[Any], depth: int, groups: list[RelatedGroup]
) -> None:
    if depth > MAX_DEPTH:
        return
    mapper = model_info(model).mapper
    table = mapper.local_table
    orm_cascades = {
        (rel.mapper.local_table, column)
        for rel in mapper.relationships
        if rel.secondary is None and "delete" in rel.cascade
        for column in rel.remote_side
    }
    orm_unlinks = {
        (rel.mapper.local_table, column)
        for rel in mapper.relationships
        if rel.secondary is None and "delete" not in rel.cascade and not rel.passive_deletes
        for column in rel.remote_side
    }
    secondaries = {
        rel.secondary: rel.key for rel in mapper.relationships if rel.secondary is not None
    }
    for other in mapper.registry.metadata.tables.values():
        for foreign_key in other.foreign_keys:
            if foreign_key.column.table is not table:
                continue
            column = foreign_key.parent
            effect = _effect(other, column, foreign_key.ondelete, orm_cascades, orm_unlinks)
            if other in secondaries and effect == PROTECT:
                effect = DELETE  # the ORM removes link rows of its own relationships
            _group(session, other, column, keys, effect, depth, groups, secondaries.get(other))


def _effect(
    table: Table, column: Any, ondelete: str | None, cascades: set[Any], unlinks: set[Any]
) -> str:
    rule = (ondelete or "").upper()
    if (table, column) in cascades or rule == "CASCADE":
        return DELETE
    if rule in ("SET NULL", "SET DEFAULT"):
        return UNLINK
    if (table, column) in unlinks and column.nullable:
        return UNLINK
    return PROTECT


def _group(
    session: Session,
    table: Table,
    column: Any,
    keys: Select[Any],
    effect: str,
    depth: int,
    groups: list[RelatedGroup],
    relation: str | None = None,
) -> None:
    condition = column.in_(keys.scalar_subquery())
    count = session.execute(select(func.count()).select_from(table).where(condition)).scalar_one()
    if not count:
        return
    target = _mapped(table)
    if target is None:
        label = f"link{'' if count == 1 else 's'} to {relation}" if relation else table.name
        groups.append(RelatedGroup(label, effect, count, [], depth))
        return
    info = model_info(target)
    rows = session.scalars(
        select(target).where(condition).order_by(info.pk_attribute).limit(SHOWN_ROWS)
    )
    names = [f"{row}" for row in rows]
    name = verbose_name(target) if count == 1 else verbose_name_plural(target)
    groups.append(RelatedGroup(name, effect, count, names, depth))
    if effect == DELETE:
        child_keys = select(info.pk_attribute).where(condition)
        _visit(session, target, child_keys, depth + 1, groups)


def _mapped(table: Table) -> type[Any] | None:
    from trestle.db.model import Model

    for mapper in Model.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    return None
