"""Registering models: every option checked at start-up; installing the site; discovering
each app's admin.py; the history table's migration."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.admin.conftest import Author, Book, Project, Tag, project_settings

from trestle import admin
from trestle.admin import AdminConfigError, AdminSite, AlreadyRegistered, ModelAdmin
from trestle.apps import ProjectError, build_app
from trestle.conf.settings import SettingsError


def make_admin(**options: Any) -> type[ModelAdmin]:
    return type("BookAdmin", (ModelAdmin,), options)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"list_display": ("title", "nope")}, "list_display names 'nope'"),
        ({"list_display": "title"}, "must be a list or tuple, not the string 'title'"),
        ({"list_display": ()}, "list_display is empty"),
        ({"list_display_links": ("price",)}, "list_display_links names ['price']"),
        ({"list_filter": ("title",)}, "filters booleans, choices, foreign keys and dates"),
        ({"list_filter": ("tags",)}, "is a relation to many rows"),
        ({"list_filter": ("nope",)}, "list_filter names 'nope'"),
        ({"search_fields": ("nope",)}, "search_fields names 'nope'"),
        ({"search_fields": ("author__nope",)}, "Author has no column 'nope'"),
        ({"search_fields": ("nope__name",)}, "should be 'relation__column'"),
        ({"search_fields": ("added",)}, "search text or integer columns"),
        ({"ordering": ("-nope",)}, "ordering names '-nope'"),
        ({"readonly_fields": ("nope",)}, "readonly_fields names 'nope'"),
        ({"autocomplete_fields": ("title",)}, "autocomplete_fields names 'title'"),
        ({"actions": (print,)}, "is not marked with @admin.action"),
        ({"fields": ("id", "title")}, "the primary key 'id' is not editable"),
        ({"fields": ("title", "nope")}, "fields names 'nope'"),
        ({"fields": ("reviews",)}, "one-to-many relation"),
        ({"fields": ("title",), "fieldsets": [(None, {"fields": ["title"]})]}, "not both"),
        ({"fieldsets": [(None, {"rows": ["title"]})]}, 'a fieldset needs {"fields"'),
        ({"list_per_page": 0}, "list_per_page must be a positive int"),
        ({"list_filter": ("added",), "list_display": ("title",), "ordering": ()}, None),
    ],
)
def test_options_are_checked_when_registering(options: dict[str, Any], message: str | None) -> None:
    site = AdminSite()
    if message is None:
        site.register(Book, make_admin(**options))
        assert site.is_registered(Book)
        return
    with pytest.raises(AdminConfigError) as raised:
        site.register(Book, make_admin(**options))
    assert message in str(raised.value)
    assert not site.is_registered(Book)


def test_a_display_ordering_must_be_a_column() -> None:
    @admin.display(ordering="nope")
    def loud(book: Book) -> str:
        return book.title.upper()

    with pytest.raises(AdminConfigError, match="ordering='nope' is not a column of Book"):
        AdminSite().register(Book, make_admin(list_display=(loud,)))


def test_an_action_must_name_real_permissions() -> None:
    with pytest.raises(ValueError, match="action permissions are among"):
        admin.action(permissions=("publish",))(print)


def test_registering_twice_unregistering_and_non_models() -> None:
    site = AdminSite()
    site.register([Author, Tag])
    assert Author in site and site.is_registered(Tag)
    with pytest.raises(AlreadyRegistered, match="Author is already registered"):
        site.register(Author)
    site.unregister(Author)
    assert not site.is_registered(Author)
    with pytest.raises(KeyError):
        site.unregister(Author)
    with pytest.raises(AdminConfigError, match="is not a model"):
        site.register(dict)
    with pytest.raises(AdminConfigError, match="takes a ModelAdmin subclass"):
        site.register(Author, dict)  # type: ignore[arg-type]
    assert "bookshop.tag" in repr(site)


def test_the_register_decorator_and_names() -> None:
    site = AdminSite()

    @admin.register(Author, site=site)
    class AuthorAdmin(ModelAdmin):
        verbose_name = "writer"

    model_admin = site.model_admin_for(Author)
    assert isinstance(model_admin, AuthorAdmin)
    assert (model_admin.app_label, model_admin.model_name) == ("bookshop", "author")
    assert (model_admin.verbose_name, model_admin.verbose_name_plural) == ("writer", "writers")
    assert model_admin.permission("change") == "bookshop.change_author"


def test_the_admin_needs_auth_and_csrf_protection(tmp_path: Path) -> None:
    apps = ["trestle.sessions", "trestle.auth", "trestle.admin"]
    with pytest.raises((ProjectError, SettingsError), match=r"'trestle\.security'"):
        build_app(project_settings(tmp_path, INSTALLED_APPS=apps))


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An importable scratch folder; its modules are forgotten afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(tmp_path)):
            del sys.modules[name]


def test_a_broken_admin_module_names_its_app(tree: Path) -> None:
    (tree / "pressroom").mkdir()
    (tree / "pressroom" / "__init__.py").write_text("")
    (tree / "pressroom" / "admin.py").write_text(
        textwrap.dedent(
            """
            from trestle import admin
            from tests.admin.bookshop.models import Book

            class Broken(admin.ModelAdmin):
                list_display = ("nope",)

            admin.AdminSite().register(Book, Broken)
            """
        )
    )
    apps = [*project_settings(tree).INSTALLED_APPS, "pressroom"]
    with pytest.raises(ProjectError) as raised:
        build_app(project_settings(tree, INSTALLED_APPS=apps))
    assert "pressroom.admin" in str(raised.value) and "'nope'" in str(raised.value)


def test_models_of_apps_not_installed_stay_out(tmp_path: Path) -> None:
    """The site is shared by the process; an app sees only its installed apps' models."""
    from trestle.admin import site
    from trestle.auth.permissions import create_permissions

    apps = [name for name in project_settings(tmp_path).INSTALLED_APPS if "bookshop" not in name]
    app = build_app(project_settings(tmp_path, INSTALLED_APPS=apps))
    app.extensions["db"].create_all()
    with app.extensions["db"].session() as session:
        create_permissions(session)
    assert site.is_registered(Book)
    assert [m.app_label for m in site.model_admins(app)] == ["auth", "auth"]  # users, groups
    assert site.get(app, "bookshop", "book") is None
    app.extensions["db"].dispose()


def test_the_check_warns_when_the_pages_are_not_mounted(tmp_path: Path) -> None:
    from trestle.admin.apps import AdminConfig

    mounted = build_app(project_settings(tmp_path))
    config = mounted.extensions["apps"].get_app_config("admin")
    assert isinstance(config, AdminConfig)
    assert list(config.checks(mounted, deploy=False)) == []
    unmounted = build_app(project_settings(tmp_path, ROOT_URLCONF=""))
    (warning,) = config.checks(unmounted, deploy=False)
    assert warning.id == "admin.W001" and 'include("trestle.admin.urls")' in warning.hint


def test_the_history_table_migration(tmp_path: Path) -> None:
    from sqlalchemy import inspect

    from trestle.db.migrations import make_migrations, migrate

    app = build_app(project_settings(tmp_path))
    database, apps = app.extensions["db"], app.extensions["apps"]
    migrate(database, apps)
    columns = {
        column["name"] for column in inspect(database.engine()).get_columns("admin_log_entry")
    }
    assert {"action_time", "user_id", "object_id", "object_repr", "action", "message"} <= columns
    assert make_migrations(database, apps, ["admin"], check=True) == []
    database.dispose()


def test_media_settings_are_checked(tmp_path: Path) -> None:
    with pytest.raises((ProjectError, SettingsError), match="MEDIA_ROOT must be a str or Path"):
        build_app(project_settings(tmp_path, MEDIA_ROOT=42))
    app = build_app(project_settings(tmp_path, MEDIA_URL="/uploads"))
    assert app.extensions["admin.media"] == (tmp_path / "media", "/uploads/")


def test_project_fixture_builds(project: Project) -> None:
    assert project.app.extensions["admin"] is admin.site
