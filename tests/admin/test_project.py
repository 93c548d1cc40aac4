"""A new project has the admin: startproject mounts it, startapp's admin.py is discovered,
migrations make its table, and a superuser manages the app's model under WSGI and ASGI."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.admin.conftest import PASSWORD, csrf_token

from trestle.apps import build_app


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mysite").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path / "mysite"))
    for key in ("TRESTLE_SETTINGS_MODULE", "TRESTLE_DEBUG", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)
    yield tmp_path
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(tmp_path)):
            del sys.modules[name]


def test_a_new_project_manages_its_apps_models(folder: Path) -> None:
    from sqlalchemy import select

    from trestle.auth import Auth
    from trestle.auth.models import User
    from trestle.auth.permissions import create_permissions
    from trestle.cli.scaffold import startapp_command, startproject_command
    from trestle.db.migrations import make_migrations, migrate

    runner = CliRunner()
    root = folder / "mysite"
    assert runner.invoke(startproject_command, ["mysite", str(root)]).exit_code == 0
    urls = (root / "mysite" / "urls.py").read_text()
    assert 'path("admin/", include("trestle.admin.urls")),' in urls
    settings_file = root / "mysite" / "settings.py"
    assert '"trestle.admin",' in settings_file.read_text()
    assert runner.invoke(startapp_command, ["shelf", str(root / "shelf")]).exit_code == 0
    (root / "shelf" / "models.py").write_text(
        textwrap.dedent(
            """
            from sqlalchemy import String
            from sqlalchemy.orm import Mapped, mapped_column
            from trestle.db import Model

            class Volume(Model):
                title: Mapped[str] = mapped_column(String(100))

                def __str__(self) -> str:
                    return self.title
            """
        )
    )
    (root / "shelf" / "admin.py").write_text(
        textwrap.dedent(
            """
            from trestle import admin
            from shelf.models import Volume

            @admin.register(Volume)
            class VolumeAdmin(admin.ModelAdmin):
                list_display = ("title",)
                search_fields = ("title",)
            """
        )
    )
    installed = "INSTALLED_APPS = [\n"
    text = settings_file.read_text().replace(installed, installed + '    "shelf",\n')
    settings_file.write_text(text + '\nALLOWED_HOSTS = ["testserver"]\n')

    app = build_app("mysite.settings")
    database, apps = app.extensions["db"], app.extensions["apps"]
    try:
        migrate(database, apps)  # the batteries' tables: sessions, auth, the admin's history
        make_migrations(database, apps)
        assert (root / "shelf" / "migrations" / "0001_initial.py").is_file()
        migrate(database, apps)
        auth = Auth.of(app)
        with database.session() as session:
            create_permissions(session)
            session.add(
                User(
                    username="owner",
                    password=auth.hasher.hash(PASSWORD),
                    is_staff=True,
                    is_superuser=True,
                )
            )
            session.commit()
        for asgi in (False, True):
            with app.test_client(asgi=asgi) as client:
                page = client.get("/accounts/login/")
                client.post(
                    "/accounts/login/",
                    data={
                        "csrf_token": csrf_token(page),
                        "username": "owner",
                        "password": PASSWORD,
                    },
                )
                home = client.get("/admin/")
                assert home.status_code == 200 and ">Volumes<" in home.text
                form = client.get("/admin/shelf/volume/add/")
                added = client.post(
                    "/admin/shelf/volume/add/",
                    data={"csrf_token": csrf_token(form), "title": f"Volume {asgi}"},
                )
                assert added.status_code == 303
                listing = client.get("/admin/shelf/volume/?q=volume")
                assert f"Volume {asgi}" in listing.text
                assert client.get("/").status_code == 200  # the welcome page links here
        with database.session() as session:
            from shelf.models import Volume

            titles = session.scalars(select(Volume.title).order_by(Volume.id)).all()
            assert titles == ["Volume False", "Volume True"]
    finally:
        database.dispose()
