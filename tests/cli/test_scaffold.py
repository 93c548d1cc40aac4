"""``trestle startproject`` and ``startapp``: the files, refused names, nothing half-made."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from trestle.cli import main

PROJECT_FILES = {
    ".dockerignore",
    ".env.example",
    ".gitignore",
    "Dockerfile",
    "README.md",
    "conftest.py",
    "manage.py",
    "mysite/__init__.py",
    "mysite/asgi.py",
    "mysite/settings.py",
    "mysite/urls.py",
    "mysite/wsgi.py",
    "pyproject.toml",
    "requirements.txt",
    "static/.gitkeep",
    "templates/.gitkeep",
    "tests/__init__.py",
    "tests/test_home.py",
}

APP_FILES = {
    "blog/__init__.py",
    "blog/admin.py",
    "blog/apps.py",
    "blog/migrations/__init__.py",
    "blog/models.py",
    "blog/static/blog/.gitkeep",
    "blog/templates/blog/index.html",
    "blog/tests.py",
    "blog/urls.py",
    "blog/views.py",
}


def invoke(*arguments: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(arguments), prog_name="trestle", env=env)


def files_under(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def test_startproject_makes_the_layout(project: Path, clean_env: None) -> None:
    result = invoke("startproject", "mysite")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Created the project mysite in mysite.\n"
        "Next:\n"
        "  cd mysite\n"
        "  python manage.py migrate\n"
        "  python manage.py runserver\n"
    )
    root = project / "mysite"
    assert files_under(root) == PROJECT_FILES
    assert os.stat(root / "manage.py").st_mode & stat.S_IXUSR
    text = (root / "mysite/settings.py").read_text()
    assert "{{" not in text
    assert 'ROOT_URLCONF = "mysite.urls"' in text
    key = re.search(r'^SECRET_KEY = "(trestle-insecure-[\w-]{40,})"$', text, re.M)
    assert key is not None
    for name in ("DEBUG", "ALLOWED_HOSTS", "INSTALLED_APPS", "MIDDLEWARE", "DATABASES"):
        assert re.search(rf"^# .*\n{name} = ", text, re.M), f"{name} has no comment above it"
    assert (
        'os.environ.setdefault("TRESTLE_SETTINGS_MODULE", "mysite.settings")'
        in (root / "manage.py").read_text()
    )
    for entry in ("wsgi", "asgi"):
        source = (root / f"mysite/{entry}.py").read_text()
        assert "application = build_app()" in source
        assert '"TRESTLE_SETTINGS_MODULE", "mysite.settings"' in source
    assert ".env\n" in (root / ".gitignore").read_text()
    assert 'manage.py", "serve"' in (root / "Dockerfile").read_text()
    # `COPY . .` in the Dockerfile must not put secrets or the development database in the image.
    ignored = (root / ".dockerignore").read_text().splitlines()
    assert ".env" in ignored and "db.sqlite3*" in ignored


def test_each_project_gets_its_own_key(project: Path, clean_env: None) -> None:
    invoke("startproject", "one")
    invoke("startproject", "two")
    keys = {
        re.search(
            r'SECRET_KEY = "(.*)"', (project / name / name / "settings.py").read_text()
        ).group(1)  # type: ignore[union-attr]
        for name in ("one", "two")
    }
    assert len(keys) == 2


def test_startproject_into_a_directory(project: Path, clean_env: None) -> None:
    (project / "here").mkdir()
    (project / "here" / "notes.txt").write_text("mine")
    result = invoke("startproject", "mysite", "here")
    assert result.exit_code == 0, result.output
    assert files_under(project / "here") == PROJECT_FILES | {"notes.txt"}
    assert "cd here" in result.output
    result = invoke("startproject", "mysite", ".")
    assert result.exit_code == 0
    assert "cd" not in result.output


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("class", "'class' is a Python keyword and cannot name a project"),
        ("match", "'match' is a Python keyword and cannot name a project"),
        ("my-site", "'my-site' is not a valid project name: it becomes a Python package, so use "),
        ("2site", "'2site' is not a valid project name"),
        ("sité", "'sité' is not a valid project name"),
        ("json", "'json' is the name of an existing Python module, which the project would hide"),
        ("click", "'click' is the name of an existing Python module"),
        ("test", "'test' is the name of an existing Python module"),
    ],
)
def test_startproject_refuses_bad_names(
    project: Path, clean_env: None, name: str, message: str
) -> None:
    result = invoke("startproject", name)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}")
    assert "Traceback" not in result.output
    assert list(project.iterdir()) == []


def test_a_dash_suggests_an_underscore(project: Path, clean_env: None) -> None:
    assert "(for example 'my_site')" in invoke("startproject", "my-site").output


def test_startproject_refuses_an_existing_folder(project: Path, clean_env: None) -> None:
    (project / "mysite").mkdir()
    (project / "mysite" / "keep.txt").write_text("mine")
    result = invoke("startproject", "mysite")
    assert result.exit_code == 1
    assert "mysite already exists" in result.output
    assert files_under(project) == {"mysite/keep.txt"}


def test_startproject_never_overwrites(project: Path, clean_env: None) -> None:
    (project / "here").mkdir()
    (project / "here" / "manage.py").write_text("mine")
    result = invoke("startproject", "mysite", "here")
    assert result.exit_code == 1
    assert "manage.py already exist(s); nothing was written" in result.output
    assert files_under(project / "here") == {"manage.py"}
    assert (project / "here" / "manage.py").read_text() == "mine"


def test_startproject_into_a_file_is_refused(project: Path, clean_env: None) -> None:
    (project / "afile").write_text("")
    result = invoke("startproject", "mysite", "afile")
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_startproject_needs_a_name(clean_env: None) -> None:
    result = invoke("startproject")
    assert result.exit_code == 2
    assert "Missing argument 'NAME'" in result.output


def test_startapp_makes_the_app(project: Path, clean_env: None) -> None:
    result = invoke("startapp", "blog")
    assert result.exit_code == 0, result.output
    assert files_under(project) == APP_FILES
    apps_py = (project / "blog/apps.py").read_text()
    assert "class BlogConfig(AppConfig):" in apps_py
    assert 'label = "blog"' in apps_py
    assert 'app_name = "blog"' in (project / "blog/urls.py").read_text()
    assert "templates/blog/index.html" in (project / "blog/templates/blog/index.html").read_text()
    assert result.output == (
        "Created the app blog in blog. To use it:\n"
        '  1. add "blog" to INSTALLED_APPS in settings.py\n'
        '  2. add path("blog/", include("blog.urls")) to urlpatterns in urls.py (with '
        "`from trestle import include, path`)\n"
    )


def test_startapp_in_a_project_names_its_files(project: Path, clean_env: None) -> None:
    result = invoke("startapp", "online_shop", env={"TRESTLE_SETTINGS_MODULE": "mysite.settings"})
    assert result.exit_code == 0, result.output
    assert "in mysite/settings.py" in result.output
    assert "urlpatterns in mysite/urls.py" in result.output
    assert "class OnlineShopConfig(AppConfig):" in (project / "online_shop/apps.py").read_text()
    assert 'verbose_name = "Online shop"' in (project / "online_shop/apps.py").read_text()


@pytest.mark.parametrize("name", ["for", "blog-posts", "os", ""])
def test_startapp_refuses_bad_names(project: Path, clean_env: None, name: str) -> None:
    result = invoke("startapp", name)
    assert result.exit_code == 1
    assert list(project.iterdir()) == []


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TRESTLE_")}
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False, env=env
    )


def test_manage_py_gives_the_same_commands(project: Path, clean_env: None) -> None:
    invoke("startproject", "mysite")
    root = project / "mysite"
    manage = run([sys.executable, "manage.py", "--help"], root)
    trestle = run([sys.executable, "-m", "trestle.cli", "--help"], root)
    assert manage.returncode == 0, manage.stderr
    assert manage.stdout.startswith("Usage: manage.py [OPTIONS] COMMAND [ARGS]...")
    assert manage.stdout.split("Options:")[1] == trestle.stdout.split("Options:")[1]
    version = run([sys.executable, "manage.py", "version"], root)
    assert version.stdout == run([sys.executable, "-m", "trestle.cli", "version"], root).stdout


def test_the_new_projects_tests_pass(project: Path, clean_env: None) -> None:
    invoke("startproject", "mysite")
    root = project / "mysite"
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_a_broken_settings_file_through_manage_py(project: Path, clean_env: None) -> None:
    invoke("startproject", "mysite")
    root = project / "mysite"
    settings = root / "mysite/settings.py"
    lines = settings.read_text().splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("ALLOWED_HOSTS"))
    lines[number - 1] = "ALLOWED_HOSTS = [HOST]"
    settings.write_text("\n".join(lines) + "\n")
    result = run([sys.executable, "manage.py", "check"], root)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: the settings module 'mysite.settings' has an error: NameError: name 'HOST' is "
        f"not defined (mysite/settings.py, line {number})\n"
    )


def test_the_settings_variable_must_name_a_module(project: Path, clean_env: None) -> None:
    invoke("startproject", "mysite")
    root = project / "mysite"
    env = {"TRESTLE_SETTINGS_MODULE": "mysite.setings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "routes"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **env},
    )
    assert result.returncode == 1
    assert "cannot find the settings module 'mysite.setings' named by TRESTLE_SETTINGS_MODULE" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_the_generated_code_is_lint_clean(project: Path, clean_env: None) -> None:
    invoke("startproject", "mysite")
    root = project / "mysite"
    run([sys.executable, "manage.py", "startapp", "blog"], root)
    ruff = [sys.executable, "-m", "ruff"]
    options = ["--no-cache", "--isolated", "--line-length", "100"]
    checked = run([*ruff, "check", *options, "--select", "E,F,W,I,UP,B", "."], root)
    assert checked.returncode == 0, checked.stdout
    formatted = run([*ruff, "format", "--check", *options, "."], root)
    assert formatted.returncode == 0, formatted.stdout
