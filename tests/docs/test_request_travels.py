"""docs/how-a-request-travels.md: its example behaves as shown, and every module, class,
function and method the page names exists in ``src/trestle``.

The example declares a model, so it is loaded once per process (as a project's models are);
each of its checks then runs with a fresh test client, under WSGI and under ASGI.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import importlib.util
import inspect
import json
import os
import pkgutil
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import trestle
from trestle import App, Request, Response
from trestle.testing import TestClient

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
PAGE = DOCS / "how-a-request-travels.md"

MakeClient = Callable[..., TestClient]


@cache
def example(name: str) -> ModuleType:
    """``docs/examples/<name>.py``, executed once per process."""
    module_name = f"docs_example_{name}_once"
    spec = importlib.util.spec_from_file_location(module_name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _no_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example documents the defaults: the runner's environment must not change them."""
    for key in list(os.environ):
        if key.startswith("TRESTLE_") or key in ("SECRET_KEY", "DATABASE_URL"):
            monkeypatch.delenv(key)


# -- the example -----------------------------------------------------------------------------


def _checks() -> list[str]:
    tree = ast.parse((EXAMPLES / "request_travels_teas_checks.py").read_text())
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]


@pytest.mark.parametrize("check", _checks())
def test_what_the_page_shows(make_client: MakeClient, check: str) -> None:
    shop = example("request_travels_teas")
    getattr(example("request_travels_teas_checks"), check)(make_client(shop.app))


def test_the_request_runs_through_the_chain_the_page_describes() -> None:
    layers = [
        type(layer.source).__name__ for layer in example("request_travels_teas").app.build().layers
    ]
    # Under pytest the N+1 watch is on ("auto"), as the table says.
    assert layers == _page_middleware()


def test_a_database_that_is_down_is_a_503(make_client: MakeClient) -> None:
    from trestle.db import Database

    down = App({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/teas"})
    Database(down)
    down.add_route("/teas/<slug:slug>/", example("request_travels_teas").tea_detail)
    response = make_client(down).get("/teas/green-sencha/")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["detail"] == "The database is unavailable; please retry shortly."


# -- the middleware table is a new project's chain -------------------------------------------

_TABLE_ROW = re.compile(r"^\| \d+ \| `(\w+)` \|", re.M)


def _page_middleware() -> list[str]:
    section = PAGE.read_text().partition("## The middleware chain")[2].partition("\n## ")[0]
    return _TABLE_ROW.findall(section)


def test_the_middleware_table_is_a_new_projects_chain(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TRESTLE_") and key not in ("SECRET_KEY", "DATABASE_URL")
    }
    trestle_cli = [sys.executable, "-m", "trestle.cli"]
    made = subprocess.run(
        [*trestle_cli, "startproject", "mysite"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert made.returncode == 0, made.stderr
    script = textwrap.dedent(
        """
        import json
        from trestle.apps import build_app
        app = build_app("mysite.settings")
        print(json.dumps([type(layer.source).__name__ for layer in app.build().layers]))
        """
    )
    built = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path / "mysite",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert built.returncode == 0, built.stderr
    chain = json.loads(built.stdout.splitlines()[-1])
    # A new project has DEBUG on, so the N+1 watch is there too.
    assert chain == _page_middleware()
    assert chain[:2] == ["RepeatedQueryWatch", "DatabaseMiddleware"]


# -- every name the page cites exists -------------------------------------------------------

_PATH = re.compile(r"trestle/[\w/]+\.py")
_CODE = re.compile(r"`([^`\n]+)`")
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\(\))?")
_DOTTED_CAMEL = re.compile(r"\b[A-Z]\w*(?:\.\w+)+")
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_FILE_SUFFIXES = (".py", ".html", ".md", ".txt", ".css", ".js", ".json", ".toml", ".sqlite3")
#: Names the page uses for instances: ``request.db`` is checked on the Request class.
_INSTANCES: dict[str, type] = {"request": Request, "app": App, "response": Response}
#: Modules that must not be imported to be looked at (scripts and file templates).
_NOT_IMPORTED = ("__main__", ".templates.", ".migrations.", ".data.")
#: HTTP header names the page writes as code, like a class name.
_HEADERS = frozenset({"Accept", "Allow", "Cookie", "Host", "Location", "Origin", "Range", "Vary"})


@cache
def _loggers() -> frozenset[str]:
    """The names of the loggers Trestle writes to (``trestle.error``...)."""
    names: set[str] = set()
    for file in (SRC / "trestle").rglob("*.py"):
        names.update(re.findall(r'getLogger\("([\w.]+)"\)', file.read_text()))
    return frozenset(names)


@cache
def _definitions() -> dict[str, list[Any]]:
    """Every class and function defined at the top of a trestle module, by name."""
    found: dict[str, list[Any]] = {}
    for info in pkgutil.walk_packages(trestle.__path__, "trestle."):
        if any(part in f"{info.name}." for part in _NOT_IMPORTED):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if getattr(value, "__module__", None) == module.__name__ and (
                inspect.isclass(value) or inspect.isfunction(value)
            ):
                found.setdefault(name, []).append(value)
    return found


def _has(owner: Any, attribute: str) -> bool:
    """True when ``owner`` has ``attribute``, or a class sets it on ``self`` in its code."""
    if hasattr(owner, attribute):
        return True
    if inspect.isclass(owner):
        for cls in owner.__mro__:
            if cls.__module__.startswith("trestle") and re.search(
                rf"\bself\.{attribute}\b", inspect.getsource(cls)
            ):
                return True
    return False


def _resolves(owner: Any, attributes: list[str]) -> bool:
    """Whether ``owner.a.b...`` exists; a property, or an instance attribute, ends the walk."""
    for attribute in attributes:
        if not _has(owner, attribute):
            return False
        value = inspect.getattr_static(owner, attribute, None)
        if value is None or isinstance(value, property):
            return True  # set on instances, or computed: what it holds is not a class
        owner = getattr(owner, attribute)
    return True


def _dotted_problem(name: str) -> str | None:
    """``trestle.a.b.C.d``: the longest importable module, then attributes."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        return None if _resolves(module, parts[end:]) else f"{name} does not exist"
    return f"{name}: no such module"


def _name_problem(token: str, local: dict[str, Any]) -> str | None:
    called = token.endswith("()")
    name = token.removesuffix("()")
    if name.startswith("trestle."):
        return None if name in _loggers() else _dotted_problem(name)
    if name in _HEADERS:
        return None
    first, *rest = name.split(".")
    if first in local:
        candidates = [local[first]]
    elif first in _INSTANCES:
        candidates = [_INSTANCES[first]]
    else:
        candidates = _definitions().get(first, [])
    if not candidates:
        if first[0].isupper() or called:
            if hasattr(builtins, first):
                return None
            return f"{token}: no class or function {first!r} in trestle"
        return None  # a variable, a hook's name, an ASGI message type...
    if any(_resolves(candidate, rest) for candidate in candidates):
        return None
    return f"{token} does not exist"


def cited_problems(text: str, local: dict[str, Any] | None = None) -> list[str]:
    """What the page names that does not exist: paths under src/, then code names.

    Python blocks are left out (they run in tests); other fences (the diagram) are searched
    for paths and ``Class.attribute`` names, prose for anything in backquotes.
    """
    local = local or {}
    problems = [
        f"{path} does not exist"
        for path in sorted(set(_PATH.findall(text)))
        if not (SRC / path).is_file()
    ]
    tokens: set[str] = set()
    for language, body in _FENCE.findall(text):
        if language != "python":
            tokens.update(_DOTTED_CAMEL.findall(body))
    prose = _FENCE.sub("", text)
    tokens.update(
        code
        for code in _CODE.findall(prose)
        if _NAME.fullmatch(code) and not code.endswith(_FILE_SUFFIXES) and not code.isupper()
    )
    for token in sorted(tokens):
        problem = _name_problem(token, local)
        if problem:
            problems.append(problem)
    return problems


def test_every_module_and_name_the_page_cites_exists() -> None:
    shop = example("request_travels_teas")
    assert cited_problems(PAGE.read_text(), vars(shop)) == []


def test_the_page_cites_the_code_at_each_step() -> None:
    cited = set(_PATH.findall(PAGE.read_text()))
    for module in (
        "trestle/app.py",
        "trestle/pipeline.py",
        "trestle/http/wsgi.py",
        "trestle/http/asgi.py",
        "trestle/http/request.py",
        "trestle/middleware.py",
        "trestle/routing/router.py",
        "trestle/views.py",
        "trestle/params/plan.py",
        "trestle/params/runtime.py",
        "trestle/db/middleware.py",
        "trestle/templating/response.py",
        "trestle/errors/pages.py",
    ):
        assert module in cited, f"the page never names {module}"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("`trestle/pipelin.py`", "trestle/pipelin.py does not exist"),
        ("`Pipeline.respnd`", "Pipeline.respnd does not exist"),
        ("`CompiledRoutr.match`", "CompiledRoutr.match: no class or function"),
        ("`request.mesages`", "request.mesages does not exist"),
        ("`trestle.db.middleware.DatabaseMiddlware`", "does not exist"),
        ("the `trestle.eror` log", "trestle.eror does not exist"),
        ("`compose_layers()`", "compose_layers(): no class or function"),
        ("```text\n Pipeline.wsgii\n```\n", "Pipeline.wsgii does not exist"),
    ],
)
def test_the_name_check_finds_what_does_not_exist(text: str, problem: str) -> None:
    (found,) = cited_problems(text)
    assert problem in found


def test_the_name_check_accepts_what_exists() -> None:
    text = (
        "`trestle/pipeline.py`: `Pipeline.respond`, `App.__call__`, `request.db.commit()`, "
        "`Session.first_or_404`, `Endpoint.call`, `compose`, `render()`, "
        "`trestle.db.middleware.RequestSession`, `app.extensions`, `currency`, `Allow`, "
        "the `trestle.error` log\n"
        "```python\nNotARealName.attribute\n```\n"
    )
    assert cited_problems(text) == []
