"""``trestle startproject`` and ``trestle startapp``: a project or an app from the templates.

The templates are in ``trestle/cli/templates/``: a folder named ``project_name`` or
``app_name`` takes the new name, a ``-tpl`` suffix is dropped (so the templates are not
Python modules themselves), and ``{{ project_name }}``-style placeholders are filled in.
Everything is rendered and checked before the first file is written, so a refused name or
a clash leaves nothing behind.
"""

from __future__ import annotations

import keyword
import secrets
from pathlib import Path

import click

TEMPLATES = Path(__file__).resolve().parent / "templates"
_SUFFIX = "-tpl"

#: The batteries a new project lists in INSTALLED_APPS, in this order (each adds its
#: middleware in turn: the session comes before what keeps data in it), with the comment
#: the settings file shows. Those this installation lacks are left out.
BATTERY_APPS = (
    ("trestle.sessions", "per-visitor data across requests"),
    ("trestle.security", "the ALLOWED_HOSTS check, security headers, CSRF protection"),
    ("trestle.messages", 'one-time messages for the next page ("Saved!")'),
    ("trestle.auth", "users, passwords, logging in and out (pages under /accounts/)"),
    ("trestle.staticfiles", "CSS, JavaScript and images, under STATIC_URL"),
    ("trestle.admin", "the admin site"),
)

#: URLs a battery asks the project to include: (battery, prefix, URL module).
BATTERY_URLS = (("trestle.admin", "admin/", "trestle.admin.urls"),)


class ScaffoldError(click.ClickException):
    """A name or a place that cannot be used; nothing has been written."""


def check_name(name: str, kind: str) -> None:
    """Refuse a name that is not a Python identifier or is a keyword."""
    if not name:
        raise ScaffoldError(f"give the {kind} a name")
    if not name.isidentifier() or not name.isascii():
        suggestion = "".join(ch if ch.isalnum() else "_" for ch in name).strip("_")
        hint = f" (for example {suggestion!r})" if suggestion.isidentifier() else ""
        raise ScaffoldError(
            f"{name!r} is not a valid {kind} name: it becomes a Python package, so use "
            f"letters, digits and underscores, not starting with a digit{hint}"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ScaffoldError(f"{name!r} is a Python keyword and cannot name a {kind}")


def check_not_a_module(name: str, kind: str) -> None:
    """Refuse a name an importable module already has: one would hide the other."""
    if _module_exists(name):
        raise ScaffoldError(
            f"{name!r} is the name of an existing Python module, which the {kind} would "
            "hide (or be hidden by); choose another name"
        )


def _module_exists(name: str) -> bool:
    import importlib.util
    import sys

    if name in sys.builtin_module_names or name in sys.stdlib_module_names:
        return True
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    # A bare folder of that name is a namespace package, not a module anyone relies on.
    return spec is not None and spec.origin is not None


def render_tree(template: str, replacements: dict[str, str]) -> dict[Path, str]:
    """``{relative path: text}`` for every file of the template ``template``."""
    root = TEMPLATES / template
    files: dict[Path, str] = {}
    for source in sorted(root.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(root)
        parts = [replacements.get(part, part) for part in relative.parts]
        parts[-1] = parts[-1].removesuffix(_SUFFIX)
        text = source.read_text(encoding="utf-8")
        for key, value in replacements.items():
            text = text.replace("{{ " + key + " }}", value)
        files[Path(*parts)] = text
    return files


def write_tree(destination: Path, files: dict[Path, str]) -> None:
    """Write ``files`` under ``destination``; refuse (writing nothing) if one exists."""
    clashes = [path for path in files if (destination / path).exists()]
    if clashes:
        shown = ", ".join(str(destination / path) for path in clashes[:3])
        more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
        raise ScaffoldError(f"{shown}{more} already exist(s); nothing was written")
    written: list[Path] = []
    try:
        for relative, text in files.items():
            path = destination / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
            if path.name == "manage.py":
                path.chmod(0o755)
    except OSError as error:
        for path in written:  # leave no half-made project behind
            path.unlink(missing_ok=True)
        raise ScaffoldError(f"cannot write {error.filename}: {error.strerror}") from None


def _destination(name: str, directory: Path | None) -> Path:
    if directory is None:
        destination = Path.cwd() / name
        if destination.exists():
            raise ScaffoldError(
                f"{destination} already exists; choose another name, or give an empty "
                "folder as DIRECTORY"
            )
        return destination
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} is not a folder")
    return directory


@click.command("startproject")
@click.argument("name")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
def startproject_command(name: str, directory: Path | None) -> None:
    """Create a new project.

    Makes the folder NAME (or fills DIRECTORY) with manage.py, the NAME package
    (settings, urls, wsgi and asgi), templates/, static/, tests/, a README, a
    .gitignore, a .env.example and a Dockerfile. NAME must be a valid Python package
    name, such as mysite.
    """
    from trestle import __version__

    check_name(name, "project")
    destination = _destination(name, directory)
    check_not_a_module(name, "project")
    battery_urls = _battery_urls()
    files = render_tree(
        "project",
        {
            "project_name": name,
            "secret_key": new_secret_key(),
            "trestle_version": __version__.partition(".dev")[0],
            "installed_apps": _installed_apps(),
            "battery_urls": battery_urls,
            "url_imports": "include, path" if battery_urls else "path",
        },
    )
    write_tree(destination, files)
    shown = _shown(destination)
    click.echo(f"Created the project {name} in {shown}.")
    click.echo("Next:")
    if shown != ".":
        click.echo(f"  cd {shown}")
    click.echo("  python manage.py migrate")
    click.echo("  python manage.py runserver")


@click.command("startapp")
@click.argument("name")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
def startapp_command(name: str, directory: Path | None) -> None:
    """Create an app in the project.

    Makes the package NAME (in the current folder, or in DIRECTORY) with apps.py,
    models.py, views.py, urls.py, admin.py, tests.py, templates/NAME/, static/NAME/ and
    migrations/, then says what to add to the project's settings and URLs.
    """
    from trestle.cli.project import current_project

    check_name(name, "app")
    destination = _destination(name, directory)
    check_not_a_module(name, "app")
    files = render_tree(
        "app",
        {
            "app_name": name,
            "app_class": "".join(part.capitalize() for part in name.split("_")),
            "verbose_name": name.replace("_", " ").capitalize(),
        },
    )
    write_tree(destination, files)
    project = current_project()
    settings_file, urls_file = "settings.py", "urls.py"
    if project.settings_module:
        package = project.settings_module.rpartition(".")[0]
        settings_file = f"{project.settings_module.replace('.', '/')}.py"
        if package:
            urls_file = f"{package.replace('.', '/')}/urls.py"
    click.echo(f"Created the app {name} in {_shown(destination)}. To use it:")
    click.echo(f'  1. add "{name}" to INSTALLED_APPS in {settings_file}')
    click.echo(
        f'  2. add path("{name}/", include("{name}.urls")) to urlpatterns in {urls_file}'
        " (with `from trestle import include, path`)"
    )


def _installed_apps() -> str:
    """The INSTALLED_APPS lines of a new project: the batteries that this Trestle has."""
    return "\n".join(
        f'    "{module}",  # {comment}'
        for module, comment in BATTERY_APPS
        if _module_exists(module)
    )


def _battery_urls() -> str:
    """The urlpatterns lines for the batteries whose URLs a project includes."""
    return "".join(
        f'    path("{prefix}", include("{module}")),\n'
        for battery, prefix, module in BATTERY_URLS
        if _module_exists(battery) and _module_exists(module)
    )


def new_secret_key() -> str:
    """A development key, marked as such: refused once DEBUG is off."""
    from trestle.conf.loading import INSECURE_KEY_PREFIX

    return INSECURE_KEY_PREFIX + secrets.token_urlsafe(40)


def _shown(path: Path) -> str:
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return str(path)
    return str(relative) or "."
