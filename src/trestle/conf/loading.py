"""A project's settings: the module ``TRESTLE_SETTINGS_MODULE`` names, a ``.env`` file and the
environment, loaded into a :class:`Settings` with errors that point at the file and line.

``manage.py``, ``wsgi.py`` and ``asgi.py`` set the variable; one-file apps need none of this.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import os
import traceback
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

from trestle.conf.settings import Settings, SettingsError

#: The environment variable that names the project's settings module.
SETTINGS_VARIABLE = "TRESTLE_SETTINGS_MODULE"

#: How the development key that ``trestle startproject`` writes begins. A key that starts
#: this way was committed with the code, so it is refused once DEBUG is off.
INSECURE_KEY_PREFIX = "trestle-insecure-"


def settings_module_name(environ: Mapping[str, str] | None = None) -> str | None:
    """The settings module the environment names, or None."""
    env = os.environ if environ is None else environ
    return env.get(SETTINGS_VARIABLE) or None


def load_settings(
    module: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    dotenv: bool = True,
) -> Settings:
    """Load the settings module ``module`` (default: ``$TRESTLE_SETTINGS_MODULE``).

    Then the ``.env`` file of the project's folder (the one holding the settings package),
    then the environment, which wins over both. Every problem is one :class:`SettingsError`
    saying what and where.
    """
    env = os.environ if environ is None else environ
    name = module or settings_module_name(env)
    if not name:
        raise SettingsError(
            f"no settings module: set the {SETTINGS_VARIABLE} environment variable to your "
            "project's settings (for example `export TRESTLE_SETTINGS_MODULE=mysite.settings`), "
            "or pass --settings; `python manage.py` sets it for you"
        )
    loaded = import_settings_module(name)
    from_dotenv: dict[str, str] = {}
    dotenv_path: Path | None = None
    if dotenv:
        dotenv_path = project_dir(loaded) / ".env"
        from_dotenv = read_dotenv(dotenv_path)
    merged = {**from_dotenv, **env}
    try:
        return Settings.from_module(loaded, environ=merged)
    except SettingsError as error:
        raise _locate(error, loaded, from_dotenv, env, dotenv_path) from None


def import_settings_module(name: str) -> ModuleType:
    """Import the settings module; a missing or broken one is a SettingsError with file and line."""
    if not all(part.isidentifier() for part in name.split(".")):
        raise SettingsError(
            f"{SETTINGS_VARIABLE}={name!r} is not a module name; give a dotted path such as "
            "mysite.settings"
        )
    try:
        found = importlib.util.find_spec(name) is not None
    except ImportError:
        found = False  # its package is missing
    except Exception as error:  # the package's __init__ itself is broken
        raise SettingsError(
            f"cannot load the settings module {name!r}: {exception_summary(error)}"
        ) from None
    if not found:
        raise SettingsError(
            f"cannot find the settings module {name!r} named by {SETTINGS_VARIABLE} (searched "
            f"{Path.cwd()} and the installed packages); check the name, or run the command "
            "from your project's folder, the one with manage.py"
        )
    try:
        return importlib.import_module(name)
    except (Exception, SystemExit) as error:
        raise SettingsError(
            f"the settings module {name!r} has an error: {exception_summary(error)}"
        ) from None


def project_dir(settings_module: ModuleType) -> Path:
    """The project's folder: BASE_DIR if the module sets it, else its top package's parent."""
    base = getattr(settings_module, "BASE_DIR", None)
    if isinstance(base, (str, os.PathLike)) and str(base):
        return Path(base)
    file = getattr(settings_module, "__file__", None)
    if not file:
        return Path.cwd()
    path = Path(file).resolve().parent
    # mysite/settings.py → mysite/ → its parent holds manage.py: one level up per package.
    for _ in range(settings_module.__name__.count(".")):
        path = path.parent
    return path


def read_dotenv(path: Path) -> dict[str, str]:
    """The variables of a ``.env`` file (python-dotenv's syntax); empty if there is none."""
    if not path.is_file():
        return {}
    from dotenv import dotenv_values

    return {key: value for key, value in dotenv_values(path).items() if value is not None}


def check_project_settings(settings: Settings) -> None:
    """What a project must have before it serves: a real SECRET_KEY unless DEBUG is on."""
    if settings.DEBUG:
        return
    key = settings.SECRET_KEY
    if not key:
        raise SettingsError(
            "SECRET_KEY is empty and DEBUG is off: set the SECRET_KEY environment variable to "
            'a long random value (`python -c "import secrets; print(secrets.token_urlsafe(50))"`)'
        )
    if isinstance(key, str) and key.startswith(INSECURE_KEY_PREFIX):
        raise SettingsError(
            "SECRET_KEY is the development key from settings.py and DEBUG is off: in "
            "production set the SECRET_KEY environment variable to a long random value "
            '(`python -c "import secrets; print(secrets.token_urlsafe(50))"`)'
        )


# -- saying where an error is --------------------------------------------------------------


def exception_summary(error: BaseException, root: Path | None = None) -> str:
    """``NameError: name 'x' is not defined (mysite/settings.py, line 3)``: what and where.

    Where is the innermost line of the project's own code (files under ``root``, the current
    folder by default), else the innermost line outside the import machinery.
    """
    root = (root or Path.cwd()).resolve()
    if isinstance(error, SyntaxError) and error.filename:
        return (
            f"{type(error).__name__}: {error.msg} ({_location(error.filename, error.lineno, root)})"
        )
    message = f"{type(error).__name__}: {error}"
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if "importlib" not in frame.filename
    ]
    if not frames:
        return message
    chosen = frames[-1]
    for frame in reversed(frames):
        if Path(frame.filename).resolve().is_relative_to(root):
            chosen = frame
            break
    return f"{message} ({_location(chosen.filename, chosen.lineno, root)})"


def _location(filename: str, lineno: int | None, root: Path) -> str:
    path = Path(filename).resolve()
    if path.is_relative_to(root):
        path = path.relative_to(root)
    return f"{path}, line {lineno}" if lineno else str(path)


def _locate(
    error: SettingsError,
    module: ModuleType,
    from_dotenv: Mapping[str, str],
    env: Mapping[str, str],
    dotenv_path: Path | None,
) -> SettingsError:
    """The error with the place the bad value came from: a line of settings.py, or .env."""
    key = error.env_key
    if key is not None:
        if key in from_dotenv and key not in env and dotenv_path is not None:
            line = _dotenv_line(dotenv_path, key)
            where = _location(str(dotenv_path), line, Path.cwd().resolve())
            return SettingsError(f"{where}: {error}", env_key=key)
        return error  # the message already says it came from the environment
    name = error.setting
    if name is None:
        return error
    file = getattr(module, "__file__", None)
    line = _assignment_line(Path(file), name) if file else None
    if file is None or line is None:
        return error
    where = _location(file, line, Path.cwd().resolve())
    return SettingsError(f"{where}: {error}", setting=name)


def _assignment_line(path: Path, name: str) -> int | None:
    """The line of the last top-level assignment to ``name`` in a Python file."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    line = None
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id == name:
                line = node.lineno
    return line


def _dotenv_line(path: Path, name: str) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, text in enumerate(lines, 1):
        stripped = text.strip().removeprefix("export ").lstrip()
        if stripped.startswith(name) and stripped[len(name) :].lstrip().startswith("="):
            return number
    return None
