"""Permissions: what a user may do, loaded once per request; the rows ``migrate`` creates.

Every model gets four permissions, ``view_<model>``, ``add_<model>``, ``change_<model>`` and
``delete_<model>`` (``blog.add_post``), and a model may list more::

    class Post(Model):
        __permissions__ = [("publish_post", "Can publish posts")]

:func:`create_permissions` adds the missing rows; ``trestle migrate`` runs it after the
migrations when trestle.auth is installed (and ``trestle.auth.apps`` exposes it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, union

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession
    from sqlalchemy.orm import Session
    from sqlalchemy.sql import Select

__all__ = [
    "DEFAULT_ACTIONS",
    "aload_permissions",
    "create_permissions",
    "load_permissions",
    "model_permissions",
]

DEFAULT_ACTIONS = ("view", "add", "change", "delete")


def _permissions_query(user: Any) -> Select[Any]:
    from trestle.auth.models import Group, Permission, group_permissions

    groups_link = type(user).groups.property.secondary
    users_link = type(user).user_permissions.property.secondary
    direct = (
        select(Permission.app_label, Permission.codename)
        .join(users_link, users_link.c.permission_id == Permission.id)
        .where(users_link.c.user_id == user.id)
    )
    through_groups = (
        select(Permission.app_label, Permission.codename)
        .join(group_permissions, group_permissions.c.permission_id == Permission.id)
        .join(Group, Group.id == group_permissions.c.group_id)
        .join(groups_link, groups_link.c.group_id == Group.id)
        .where(groups_link.c.user_id == user.id)
    )
    return select(union(direct, through_groups).subquery())


def _cache(user: Any, rows: Iterable[Any]) -> frozenset[str]:
    permissions = frozenset(f"{app_label}.{codename}" for app_label, codename in rows)
    user._permission_cache = permissions
    return permissions


def load_permissions(session: Session, user: Any) -> frozenset[str]:
    """The user's permissions (direct and through groups), in one query; cached on ``user``."""
    if not hasattr(type(user), "user_permissions"):
        return frozenset()
    return _cache(user, session.execute(_permissions_query(user)).all())


async def aload_permissions(session: AsyncSession, user: Any) -> frozenset[str]:
    """:func:`load_permissions` for an AsyncSession."""
    if not hasattr(type(user), "user_permissions"):
        return frozenset()
    result = await session.execute(_permissions_query(user))
    return _cache(user, result.all())


def model_permissions(model: type[Any]) -> list[tuple[str, str, str, str]]:
    """``(app_label, codename, name, model)`` for each permission ``model`` should have."""
    from trestle.db.model import snake_case

    label = getattr(model, "__app_label__", "")
    model_name = snake_case(model.__name__)
    readable = model_name.replace("_", " ")
    found = [
        (label, f"{action}_{model_name}", f"Can {action} {readable}", model_name)
        for action in DEFAULT_ACTIONS
    ]
    for entry in getattr(model, "__permissions__", ()):
        if not (
            isinstance(entry, tuple) and len(entry) == 2 and all(isinstance(x, str) for x in entry)
        ):
            raise TypeError(
                f"{model.__qualname__}.__permissions__ lists (codename, name) pairs; got {entry!r}"
            )
        found.append((label, entry[0], entry[1], model_name))
    return found


def _models(app_labels: Iterable[str] | None) -> list[type[Any]]:
    from trestle.db.model import Model

    labels = None if app_labels is None else set(app_labels)
    models = []
    for mapper in Model.registry.mappers:
        model = mapper.class_
        if labels is None or model.__app_label__ in labels:
            models.append(model)
    return sorted(models, key=lambda model: (model.__app_label__, model.__name__))


def create_permissions(session: Session, app_labels: Iterable[str] | None = None) -> int:
    """Add the permission rows the models of ``app_labels`` (default: all) lack; commit.

    Returns how many were created. Running it again creates nothing.
    """
    from trestle.auth.models import Permission

    existing = {
        (app_label, codename)
        for app_label, codename in session.execute(
            select(Permission.app_label, Permission.codename)
        )
    }
    created = 0
    for model in _models(app_labels):
        for app_label, codename, name, model_name in model_permissions(model):
            if (app_label, codename) not in existing:
                existing.add((app_label, codename))
                session.add(
                    Permission(app_label=app_label, codename=codename, name=name, model=model_name)
                )
                created += 1
    session.commit()
    return created
