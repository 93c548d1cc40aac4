"""Permissions: the rows made after migrate, and how users get them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from trestle import App
from trestle.auth.models import AnonymousUser, Group, Permission, User
from trestle.auth.permissions import create_permissions, load_permissions, model_permissions

from .conftest import create_user


def test_model_permissions() -> None:
    assert model_permissions(Group) == [
        ("auth", "view_group", "Can view group", "group"),
        ("auth", "add_group", "Can add group", "group"),
        ("auth", "change_group", "Can change group", "group"),
        ("auth", "delete_group", "Can delete group", "group"),
    ]


def test_custom_permissions_and_bad_declarations() -> None:
    class Fake:
        __app_label__ = "blog"
        __permissions__ = [("publish_post", "Can publish posts")]

    Fake.__name__ = "BlogPost"
    assert model_permissions(Fake)[-1] == ("blog", "publish_post", "Can publish posts", "blog_post")
    Fake.__permissions__ = ["publish_post"]  # type: ignore[list-item]
    with pytest.raises(TypeError, match="lists \\(codename, name\\) pairs"):
        model_permissions(Fake)


def test_create_permissions_once(auth_app: Callable[..., App]) -> None:
    app = auth_app()
    database = app.extensions["db"]
    with database.session() as session:
        created = create_permissions(session, ["auth"])
        assert created == 4 * 4  # Permission, Group, User, LoginAttempt
        assert create_permissions(session, ["auth"]) == 0
        codenames = set(session.execute(select(Permission.codename)).scalars())
    assert {"view_user", "add_user", "change_user", "delete_user"} <= codenames


def test_migrate_creates_the_permissions(tmp_path: Any) -> None:
    """``migrate`` runs AuthConfig.post_migrate after the migrations: the rows are there."""
    from trestle.apps.registry import Apps
    from trestle.conf.settings import Settings
    from trestle.db import Database
    from trestle.db.migrations import migrate

    settings = Settings(
        {
            "INSTALLED_APPS": ["trestle.sessions", "trestle.auth"],
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    apps = Apps(settings.INSTALLED_APPS).populate()
    database = Database(settings=settings)
    config = apps.get_app_config("auth")
    assert config.post_migrate(apps, database) == 0  # type: ignore[attr-defined]
    migrate(database, apps)
    from trestle.auth.permissions import _models

    expected = 4 * len(_models(["sessions", "auth"]))
    assert expected >= 16
    with database.session() as session:
        assert len(session.execute(select(Permission.codename)).all()) == expected
    # Idempotent: a second migrate (nothing to apply) and the hook itself add nothing.
    migrate(database, apps)
    assert config.post_migrate(apps, database) == 0  # type: ignore[attr-defined]
    database.dispose()


def test_user_permissions(auth_app: Callable[..., App]) -> None:
    app = auth_app()
    create_user(app, "ada")
    create_user(app, "off", is_active=False, is_superuser=True)
    database = app.extensions["db"]
    with database.session() as session:
        create_permissions(session, ["auth"])
        perms = {p.codename: p for p in session.execute(select(Permission)).scalars()}
        ada = session.execute(select(User).where(User.username == "ada")).scalar_one()
        assert ada.get_all_permissions() == frozenset()
        assert not ada.has_perm("auth.view_user")
        ada._permission_cache = None
        group = Group(name="auditors", permissions=[perms["view_user"], perms["view_group"]])
        ada.groups.append(group)
        ada.user_permissions.append(perms["add_user"])
        session.commit()
        assert load_permissions(session, ada) == {
            "auth.view_user",
            "auth.view_group",
            "auth.add_user",
        }
        assert ada.has_perms(["auth.view_user", "auth.add_user"])
        assert not ada.has_perm("auth.delete_user")
        assert ada.has_module_perms("auth") and not ada.has_module_perms("blog")
        off = session.execute(select(User).where(User.username == "off")).scalar_one()
        assert not off.has_perm("auth.view_user")  # inactive superusers have nothing
        assert not off.has_module_perms("auth")
        session.expunge(ada)
        ada._permission_cache = None
        with pytest.raises(RuntimeError, match="not attached to a database session"):
            ada.get_all_permissions()


def test_anonymous_user() -> None:
    anonymous = AnonymousUser()
    assert not anonymous.is_authenticated and anonymous.is_anonymous
    assert not anonymous and str(anonymous) == "AnonymousUser"
    assert anonymous == AnonymousUser() and hash(anonymous) == hash(AnonymousUser())
    assert not anonymous.has_perm("auth.view_user")
    assert not anonymous.has_perms(["auth.view_user"]) and anonymous.has_perms([])
    assert not anonymous.has_module_perms("auth")
    assert anonymous.get_all_permissions() == frozenset()
    assert anonymous.get_username() == "" and anonymous.pk is None


def test_user_strings(auth_app: Callable[..., App]) -> None:
    app = auth_app()
    user = create_user(app, "ada")
    assert str(user) == "ada"
    assert user.get_email() == "ada@example.com"
    assert user.pk == user.id
    assert not user.has_two_factor and user.recovery_codes_left == 0
    assert str(Permission(app_label="blog", codename="add_post", name="x")) == "blog.add_post"
    assert str(Group(name="editors")) == "editors"


def test_async_permission_loading(auth_app: Callable[..., App]) -> None:
    import asyncio

    from trestle.auth.permissions import aload_permissions

    app = auth_app()
    created = create_user(app, "ada")
    database = app.extensions["db"]
    with database.session() as session:
        user = session.get(User, created.id)
        assert user is not None
        user.user_permissions.append(
            Permission(app_label="auth", codename="view_user", name="Can view user")
        )
        session.commit()

    async def load() -> frozenset[str]:
        async with database.async_session() as session:
            user = await session.get(User, created.id)
            permissions = await aload_permissions(session, user)
            assert user.has_perm("auth.view_user")  # cached: no query on a sync path
            return permissions

    async def run() -> frozenset[str]:
        try:
            return await load()
        finally:
            await database.aclose()

    assert asyncio.run(run()) == {"auth.view_user"}


def test_models_without_permissions_mixin_have_none() -> None:
    from types import SimpleNamespace

    assert load_permissions(None, SimpleNamespace()) == frozenset()  # type: ignore[arg-type]
