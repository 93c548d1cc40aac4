"""The guides name only what exists: settings, ``trestle.*`` names, check ids and commands.

Each guide's Python blocks run in test_examples.py; these tests cover the rest of a page:
the prose and the console lines, where a renamed setting or a misspelt option would
otherwise survive every test.
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import click
import pytest

from trestle.cli import main as trestle_cli
from trestle.conf import defaults

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "trestle"
DOCS = ROOT / "docs"

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_SPAN = re.compile(r"`([^`\n]+)`")


def _pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def code_of(text: str) -> list[str]:
    """The code a reader may type or look for: inline spans, and console and text lines.

    Python blocks are left out: they are example files that run in tests.
    """
    found = _SPAN.findall(_FENCE.sub("", text))
    for language, body in _FENCE.findall(text):
        if language in ("console", "text", ""):
            found.extend(line.removeprefix("$ ") for line in body.splitlines())
    return found


# -- settings and environment variables --------------------------------------------------

SETTINGS = frozenset(name for name in dir(defaults) if name.isupper())

#: Upper-case words the guides use that are not settings, and why.
NOT_SETTINGS = frozenset(
    {
        # Environment variables that are not settings.
        "PORT",
        "WEB_CONCURRENCY",
        "TRESTLE_SETTINGS_MODULE",
        "TRESTLE_APP",
        "TRESTLE_SUPERUSER_USERNAME",
        "TRESTLE_SUPERUSER_EMAIL",
        "TRESTLE_SUPERUSER_PASSWORD",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONUNBUFFERED",
        # Keys inside settings (DATABASES, TEMPLATES) and user-model attributes.
        "URL",
        "ASYNC_URL",
        "TIMEOUT",
        "OPTIONS",
        "DIRS",
        "APP_DIRS",
        "USERNAME_FIELD",
        "EMAIL_FIELD",
        "REQUIRED_FIELDS",
        # Django's names, given for comparison; WSGI's; HTTP methods and values; SQL.
        "APPEND_SLASH",
        "SECURE_PROXY_SSL_HEADER",
        "SCRIPT_NAME",
        "DELETE",
        "PROPFIND",
        "DENY",
        "UUID",
        "EXISTS",
        "PING",
        "TARGET",
        # Python's; and the misspelling in an error message settings.md shows.
        "TYPE_CHECKING",
        "ALLOWED_HOST",
    }
)


@cache
def _constants() -> frozenset[str]:
    """Module-level upper-case names of Trestle's code (``DEFAULT_WSGI_THREADS``...)."""
    names: set[str] = set()
    for file in SRC.rglob("*.py"):
        names.update(re.findall(r"^([A-Z][A-Z0-9_]*)\b(?:: [^=\n]+)? =", file.read_text(), re.M))
    return frozenset(names)


_UPPER = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


def setting_problems(text: str) -> list[str]:
    """Upper-case names in the page's code that are neither settings nor known variables."""
    problems = []
    for code in code_of(text):
        for name in _UPPER.findall(code):
            known = name in SETTINGS or name in NOT_SETTINGS or name in _constants()
            if not known and name.startswith("TRESTLE_"):
                known = name.removeprefix("TRESTLE_") in SETTINGS
            if not known and re.fullmatch(r"[EWI]\d{3}", name) is None:
                problems.append(f"{name} is not a setting")
    return sorted(set(problems))


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.name)
def test_the_settings_a_page_names_exist(page: Path) -> None:
    assert setting_problems(page.read_text()) == []


def test_the_setting_check_can_fail() -> None:
    text = "`SESSION_REDIS_URLS`\n```console\n$ export TRESTLE_ALOWED_HOSTS=x\n```\n"
    assert setting_problems(text) == [
        "SESSION_REDIS_URLS is not a setting",
        "TRESTLE_ALOWED_HOSTS is not a setting",
    ]


# -- trestle.* names ---------------------------------------------------------------------

_DOTTED = re.compile(r"\btrestle(?:\.[A-Za-z_]\w*)+")


@cache
def _loggers() -> frozenset[str]:
    names: set[str] = set()
    for file in SRC.rglob("*.py"):
        names.update(re.findall(r'getLogger\("([\w.]+)"\)', file.read_text()))
    return frozenset(names)


def _exists(dotted: str) -> bool:
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for attribute in parts[end:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def dotted_problems(text: str) -> list[str]:
    """``trestle.x.y`` names in the page's code that are neither importable nor a logger."""
    names = {name for code in code_of(text) for name in _DOTTED.findall(code)}
    return sorted(
        f"{name} does not exist"
        for name in names
        if name not in _loggers() and not name.endswith((".css", ".html")) and not _exists(name)
    )


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.name)
def test_the_trestle_names_a_page_gives_exist(page: Path) -> None:
    assert dotted_problems(page.read_text()) == []


def test_the_dotted_name_check_can_fail() -> None:
    text = "`trestle.auth.Auth.on_logn`, the `trestle.eror` log, `trestle.sesions.install`"
    assert dotted_problems(text) == [
        "trestle.auth.Auth.on_logn does not exist",
        "trestle.eror does not exist",
        "trestle.sesions.install does not exist",
    ]


# -- check ids ---------------------------------------------------------------------------

_CHECK_ID = re.compile(r"\b(?:core|checks|security|auth|admin)\.[EWI]\d{3}\b")


@cache
def _check_ids() -> frozenset[str]:
    """Every check id the code can report."""
    ids: set[str] = set()
    for file in SRC.rglob("*.py"):
        text = file.read_text()
        ids.update(_CHECK_ID.findall(text))
        # f"security.{id}" with the ids in a tuple (trestle/apps/builtin_checks.py).
        if 'f"security.{id}"' in text:
            ids.update(f"security.{number}" for number in re.findall(r'"(W\d{3})"', text))
    return frozenset(ids)


def test_the_check_ids_the_pages_list_exist() -> None:
    for page in _pages():
        for check_id in _CHECK_ID.findall(page.read_text()):
            assert check_id in _check_ids(), f"{page.name} lists {check_id}, which no check has"


# -- commands and their options ----------------------------------------------------------

_COMMAND = re.compile(
    r"(?:^|[\s`])(python manage\.py|trestle|granian|gunicorn|uvicorn)((?:\s+[^\s#]+)+)"
)
_GLOBAL_OPTIONS = ("--app", "--settings")


@cache
def _examples_commands() -> frozenset[str]:
    """Commands that the examples define (an app's own ``commands.py``)."""
    names: set[str] = set()
    for file in (DOCS / "examples").glob("*.py"):
        names.update(re.findall(r'@click\.command\("([\w-]+)"\)', file.read_text()))
    return frozenset(names)


def _trestle_options(name: str) -> set[str] | None:
    command = trestle_cli.get_command(click.Context(trestle_cli), name)
    if command is None:
        return None
    return {option for p in command.params for option in (*p.opts, *p.secondary_opts)}


@cache
def _server_help(server: str) -> str:
    found = shutil.which(server, path=str(Path(sys.executable).parent))
    assert found is not None, f"{server} is not installed in the test environment"
    return subprocess.run(
        [found, "--help"], capture_output=True, text=True, timeout=60, check=True
    ).stdout


def command_problems(text: str) -> list[str]:
    """Commands and options in the page's code that the programs do not have."""
    problems = []
    lines = [
        part
        for code in code_of(text)
        for part in re.split(r"&&|\|\||[;|]", code.partition(" #")[0])
    ]
    for line in lines:
        for program, rest in _COMMAND.findall(line):
            words = rest.split()
            if program in ("granian", "gunicorn", "uvicorn"):
                for option in (word.partition("=")[0] for word in words):
                    if option.startswith("--") and option not in _server_help(program):
                        problems.append(f"{program} has no {option}")
                continue
            while words and words[0] in _GLOBAL_OPTIONS:
                words = words[2:]
            if not words or not words[0][0].islower() or words[0] == "import":
                continue  # --help, a placeholder (COMMAND), or Python's `from trestle import`
            name, *arguments = words
            options = _trestle_options(name)
            if options is None:
                if name not in _examples_commands():
                    problems.append(f"{program} has no command {name!r}")
                continue
            for option in (word.partition("=")[0] for word in arguments):
                if option.startswith("-") and option not in {*options, "-h", "--help"}:
                    problems.append(f"{program} {name} has no {option}")
    return sorted(set(problems))


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.name)
def test_the_commands_and_options_a_page_shows_exist(page: Path) -> None:
    assert command_problems(page.read_text()) == []


def test_the_command_check_can_fail() -> None:
    text = (
        "`python manage.py serve --treads 4`, `trestle colectstatic`\n"
        "```console\n$ gunicorn --wrkers 4 mysite.wsgi:application\n```\n"
    )
    assert command_problems(text) == [
        "gunicorn has no --wrkers",
        "python manage.py serve has no --treads",
        "trestle has no command 'colectstatic'",
    ]
