"""Finding the app to serve from a ``module:attribute`` target, with errors a newcomer can act on.

The server's workers load the app with the same function the command uses to check it, so
what was checked is what is served.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trestle.app import App

DEFAULT_ATTRIBUTE = "app"

#: How a check process marks its TargetError message on stderr, apart from other output.
_ERROR_MARK = "trestle-target-error: "


class TargetError(Exception):
    """The target cannot be turned into a Trestle App; the message says why and what to do."""


def parse_target(target: str) -> tuple[str, str]:
    """Split ``module:attribute`` (attribute defaults to ``app``); accept ``path/to/file.py``."""
    module, _, attribute = target.strip().partition(":")
    attribute = attribute or DEFAULT_ATTRIBUTE
    if module.endswith(".py"):
        # Newcomers often type the file name; the module it names is unambiguous.
        module = ".".join(part for part in Path(module[: -len(".py")]).parts if part != ".")
    if not module or not all(part.isidentifier() for part in module.split(".")):
        raise TargetError(
            f"{target!r} is not a valid target: give a module and an attribute, "
            "like examples.hello:app"
        )
    if not attribute.isidentifier():
        raise TargetError(
            f"{target!r} is not a valid target: after the colon comes the name of the "
            "App variable, like examples.hello:app"
        )
    return module, attribute


def load_app(target: str, app_dir: Path) -> App:
    """Import ``target`` with ``app_dir`` on the import path and return its built App."""
    from trestle.app import App

    module_name, attribute = parse_target(target)
    directory = str(app_dir)
    if directory not in sys.path:
        # A console script's sys.path starts with its bin/ directory, not the working one.
        sys.path.insert(0, directory)
    module = _import(module_name, app_dir)
    try:
        app = getattr(module, attribute)
    except AttributeError:
        found = sorted(name for name, value in vars(module).items() if isinstance(value, App))
        if found:
            hint = f"; the Trestle apps in it are: {', '.join(found)}"
        else:
            hint = "; it has no Trestle App (make one with `app = App()`)"
        raise TargetError(f"module {module_name!r} has no attribute {attribute!r}{hint}") from None
    if not isinstance(app, App):
        raise TargetError(
            f"{module_name}:{attribute} is {_describe(app)}, not a Trestle App "
            "(make one with `app = App()` and point at it)"
        )
    try:
        # Build now so a broken route or middleware is reported before the server starts.
        app.build()
    except Exception as error:
        raise TargetError(
            f"the app {module_name}:{attribute} has an error: "
            f"{_exception_line(error, app_dir, locate=False)}"
        ) from None
    return app


def load_project(settings_module: str, app_dir: Path) -> App:
    """Build the project whose settings module is ``settings_module`` (see build_app)."""
    from trestle.apps.project import ProjectError, build_app
    from trestle.conf.settings import SettingsError

    directory = str(app_dir)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    try:
        app = build_app(settings_module)
    except (ProjectError, SettingsError) as error:
        raise TargetError(str(error)) from None
    try:
        app.build()
    except Exception as error:
        raise TargetError(
            f"the project {settings_module} has an error: {_exception_line(error, app_dir)}"
        ) from None
    return app


def load(target: str, app_dir: Path, *, project: bool = False) -> App:
    """The app a target names: ``module:attribute``, or with ``project``, a settings module."""
    return load_project(target, app_dir) if project else load_app(target, app_dir)


def check_app(target: str, app_dir: Path, *, project: bool = False) -> None:
    """Load the app in a throwaway Python process; raise TargetError if that fails.

    Not in this process: the server forks its workers from it, and a worker forked after
    the app was imported here would keep serving the old code after a reload.
    ``project``: ``target`` is a project's settings module rather than ``module:attribute``.
    """
    code = "import sys; from trestle.cli.targets import _check; sys.exit(_check(*sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", code, target, str(app_dir), "project" if project else "app"],
        cwd=app_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        return
    for line in result.stderr.splitlines():
        if line.startswith(_ERROR_MARK):
            raise TargetError(line.removeprefix(_ERROR_MARK))
    # Not one of ours: the interpreter itself died (a crash in an extension, os._exit...).
    output = result.stderr.strip() or result.stdout.strip()
    last_line = output.splitlines()[-1] if output else f"exit status {result.returncode}"
    raise TargetError(f"loading {target!r} stopped the process: {last_line}")


class Served:
    """What a server command will serve, checked before the server starts."""

    __slots__ = ("address", "app_dir", "is_project", "target")

    def __init__(self, target: str, is_project: bool, app_dir: Path, address: str) -> None:
        #: ``module:attribute`` of a one-file app, or the project's settings module.
        self.target = target
        self.is_project = is_project
        self.app_dir = app_dir
        self.address = address


def prepare_to_serve(target: str | None, settings_module: str, host: str, port: int) -> Served:
    """Check the app (or project) imports and the port is free; a clear error otherwise.

    Checked before the server starts, so a mistake is one clear line and exit status 1
    rather than a worker that dies again at every restart.
    """
    import click

    from trestle.cli.ports import ListenError, check_port_free

    app_dir = Path.cwd()
    try:
        if target:
            module, attribute = parse_target(target)
            served, is_project = f"{module}:{attribute}", False
        else:
            served, is_project = settings_module, True
        check_app(target or served, app_dir, project=is_project)
        address = check_port_free(host, port)
    except (TargetError, ListenError) as error:
        raise click.ClickException(str(error)) from None
    return Served(served, is_project, app_dir, address)


def _check(target: str, app_dir: str, kind: str = "app") -> int:
    try:
        load(target, Path(app_dir), project=kind == "project")
    except TargetError as error:
        message = " ".join(str(error).splitlines())
        print(f"{_ERROR_MARK}{message}", file=sys.stderr)
        return 1
    return 0


def _import(module_name: str, app_dir: Path) -> ModuleType:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if module_name == missing or module_name.startswith(missing + "."):
            raise TargetError(
                f"cannot find the module {module_name!r} (searched {app_dir} and the installed "
                "packages); check the spelling, or run this command from the directory that "
                "contains it"
            ) from None
        # The module exists; something it imports does not. That is the module's problem.
        raise TargetError(
            f"importing {module_name!r} failed: {_exception_line(error, app_dir)}"
        ) from None
    except (Exception, SystemExit) as error:
        # SystemExit too: a module that calls sys.exit() on import would otherwise end the
        # command (or the worker) without a word.
        raise TargetError(
            f"importing {module_name!r} failed: {_exception_line(error, app_dir)}"
        ) from None


def _exception_line(error: BaseException, app_dir: Path, *, locate: bool = True) -> str:
    """``SomeError: message (file.py, line 3)``: what went wrong and where, in one line."""
    location = ""
    if isinstance(error, SyntaxError) and error.filename:
        location = _location(error.filename, error.lineno, app_dir)
        message = f"{type(error).__name__}: {error.msg}"
    else:
        message = f"{type(error).__name__}: {error}"
        if locate:
            location = _user_location(error, app_dir)
    return f"{message} ({location})" if location else message


def _user_location(error: BaseException, app_dir: Path) -> str:
    """The innermost line of the project's own code in the traceback, else the innermost line."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if "importlib" not in frame.filename  # the import machinery is nobody's mistake
    ]
    if not frames:
        return ""
    root = app_dir.resolve()
    for frame in reversed(frames):
        if Path(frame.filename).resolve().is_relative_to(root):
            return _location(frame.filename, frame.lineno, app_dir)
    return _location(frames[-1].filename, frames[-1].lineno, app_dir)


def _location(filename: str, lineno: int | None, app_dir: Path) -> str:
    path = Path(filename).resolve()
    root = app_dir.resolve()
    if path.is_relative_to(root):  # outside the project, the full path is clearer
        path = path.relative_to(root)
    return f"{path}, line {lineno}" if lineno else str(path)


def _describe(value: object) -> str:
    if isinstance(value, ModuleType):
        return "a module"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    name = getattr(value, "__qualname__", None)
    kind = type(value).__name__
    article = "an" if kind[0].lower() in "aeiou" else "a"
    return f"{article} {kind} ({name})" if isinstance(name, str) else f"{article} {kind}"
