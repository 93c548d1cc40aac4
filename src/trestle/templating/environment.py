"""Templates: the Jinja2 environment of one App, with its search path and extension points.

One :class:`Templates` per App, kept in ``app.extensions["templates"]``. It owns a sync
Jinja2 environment, and builds an async twin on the first :func:`render_async` (Jinja2
compiles a template differently for async rendering, so one environment cannot serve both).
The twins share the loader, globals, filters and tests: what a battery adds shows in both.

Decided at start-up: the search path, autoescaping, reloading (with DEBUG) or a bytecode
cache (without). Per render: the base context (``request``, ``messages``), then each context
processor's values, then the view's own context, which wins.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from trestle.conf.settings import SettingsError
from trestle.messages.storage import messages_for
from trestle.templating.loader import SearchPathLoader

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.http.request import Request

#: Trestle's own templates (``trestle/base.html``, the form macros), searched last.
BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Autoescaping is on for these extensions (and for templates made from strings).
AUTOESCAPE_EXTENSIONS = ("html", "htm", "xml", "svg")

ContextProcessor = Callable[["Request"], Mapping[str, Any]]
StrPath = str | PathLike[str]

_SETUP_LOCK = threading.Lock()
_SETTING_KEYS = frozenset({"DIRS", "APP_DIRS", "OPTIONS"})
# Options Trestle sets itself: changing them would break the search path or the sync/async split.
_RESERVED_OPTIONS = frozenset({"loader", "enable_async"})


@dataclass(frozen=True, slots=True)
class RenderedTemplate:
    """A render seen by :meth:`Templates.record`: the template's name and its full context."""

    name: str
    context: dict[str, Any]


class Templates:
    """The Jinja2 templates of one App; see the module docstring.

    ``Templates(app, directory="templates")`` for a one-file app: ``directory`` (one folder
    or a list, relative to BASE_DIR) replaces ``TEMPLATES["DIRS"]``. The search path is
    those folders, then each installed app's ``templates/`` (when the app registry is
    there and ``TEMPLATES["APP_DIRS"]`` is not false), then Trestle's built-in templates.
    """

    def __init__(self, app: App, directory: StrPath | Sequence[StrPath] | None = None) -> None:
        if "templates" in app.extensions:
            raise RuntimeError(
                "this app already has its templates (app.extensions['templates']); use "
                "Templates.for_project(app) to get them"
            )
        self.app = app
        settings = app.settings
        config = templates_setting(settings.get("TEMPLATES"))
        base = Path(settings.get("BASE_DIR") or ".")
        if directory is None:
            folders: Sequence[StrPath] = config.get("DIRS", ())
        elif isinstance(directory, (str, PathLike)):
            folders = [directory]
        else:
            folders = directory
        search_path = [base / folder for folder in folders]
        registry = app.extensions.get("apps")
        if registry is not None and config.get("APP_DIRS", True):
            search_path += [
                app_config.templates_dir
                for app_config in registry.get_app_configs()
                if app_config.templates_dir is not None
            ]
        search_path.append(BUILTIN_TEMPLATES)
        #: The folders searched for a template name, in order.
        self.search_path: tuple[Path, ...] = tuple(search_path)
        self.debug = bool(settings.DEBUG)
        self._options: dict[str, Any] = dict(config.get("OPTIONS", {}))
        self._context_processors: list[ContextProcessor] = []
        self._recorders: list[list[RenderedTemplate]] = []
        self._static_url: Callable[[str], str] | None = None
        self._async_env: jinja2.Environment | None = None
        self._async_lock = threading.Lock()
        self._loader = SearchPathLoader(self.search_path)
        #: The (sync) Jinja2 environment; add to it through the methods below.
        self.env = self._make_env(is_async=False)
        self.env.globals.update(url_for=_url_for_function(app), static=self._static)
        app.extensions["templates"] = self

    @classmethod
    def for_project(cls, app: App) -> Templates:
        """The app's templates, made from the settings (and the app registry) if need be.

        What the project builder calls; :func:`render` calls it too, so an app without an
        explicit ``Templates(app)`` gets ``TEMPLATES["DIRS"]`` and the built-in templates.
        """
        found = app.extensions.get("templates")
        if found is None:
            with _SETUP_LOCK:  # two first renders on two threads make one environment
                found = app.extensions.get("templates")
                if found is None:
                    found = cls(app)
        return found

    # -- the environments --------------------------------------------------------------------

    def _make_env(self, *, is_async: bool) -> jinja2.Environment:
        options = dict(self._options)
        if "bytecode_cache" not in options and not self.debug:
            # Compiled templates survive a restart: workers start without compiling again.
            # Apart per mode, since the code Jinja2 compiles for async rendering differs.
            pattern = "__trestle_async_%s.cache" if is_async else "__trestle_%s.cache"
            options["bytecode_cache"] = jinja2.FileSystemBytecodeCache(pattern=pattern)
        elif is_async and "bytecode_cache" in options:
            options["bytecode_cache"] = None  # a user's cache holds sync code: never share it
        options.setdefault("autoescape", jinja2.select_autoescape(AUTOESCAPE_EXTENSIONS))
        options.setdefault("auto_reload", self.debug)
        return jinja2.Environment(loader=self._loader, enable_async=is_async, **options)

    @property
    def async_env(self) -> jinja2.Environment:
        """The async twin of :attr:`env`, made on first use; it shares globals and filters."""
        env = self._async_env
        if env is None:
            with self._async_lock:
                env = self._async_env
                if env is None:
                    env = self._make_env(is_async=True)
                    env.globals = self.env.globals
                    env.filters = self.env.filters
                    env.tests = self.env.tests
                    env.policies = self.env.policies
                    self._async_env = env
        return env

    # -- extension points ----------------------------------------------------------------------

    def add_global(self, name: str, value: Any) -> None:
        """Make ``value`` available as ``name`` in every template."""
        self.env.globals[name] = value

    def add_filter(self, name: str, func: Callable[..., Any]) -> None:
        """Add a filter: ``{{ value | name }}``."""
        self.env.filters[name] = func

    def add_test(self, name: str, func: Callable[..., bool]) -> None:
        """Add a test: ``{% if value is name %}``."""
        self.env.tests[name] = func

    def add_folder(self, folder: StrPath) -> None:
        """Search ``folder`` after the project's and apps' templates, before Trestle's own.

        For a battery's templates in a one-file app (a project finds them through the app
        registry); a folder already searched is left where it is.
        """
        path = Path(folder)
        if path in self.search_path:
            return
        self.search_path = (*self.search_path[:-1], path, self.search_path[-1])
        self._loader.searchpath[:] = [str(entry) for entry in self.search_path]

    def add_context_processor(self, processor: ContextProcessor) -> None:
        """Call ``processor(request)`` at each render of a request; merge the dict it returns.

        The view's own context wins over what processors return.
        """
        self._context_processors.append(processor)

    # -- rendering -------------------------------------------------------------------------------

    def get_template(
        self, name: str | jinja2.Template | Sequence[str], *, is_async: bool = False
    ) -> jinja2.Template:
        """The template called ``name`` (or the first of a list that exists)."""
        env = self.async_env if is_async else self.env
        if isinstance(name, (str, jinja2.Template)):
            return env.get_template(name)
        return env.select_template(list(name))

    def context(
        self, request: Request | None, context: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The full context of a render: base values, context processors, then ``context``."""
        if request is None:
            data: dict[str, Any] = {"request": None, "messages": ()}
        else:
            data = {"request": request, "messages": messages_for(request)}
            for processor in self._context_processors:
                data.update(processor(request))
        if context:
            data.update(context)
        return data

    def render_to_string(
        self,
        name: str | Sequence[str],
        context: Mapping[str, Any] | None = None,
        request: Request | None = None,
    ) -> str:
        """Render a template to text."""
        template = self.get_template(name)
        data = self.context(request, context)
        self._note(template, data)
        return template.render(data)

    async def render_to_string_async(
        self,
        name: str | Sequence[str],
        context: Mapping[str, Any] | None = None,
        request: Request | None = None,
    ) -> str:
        """Render a template to text with the async environment (it may await in templates)."""
        template = self.get_template(name, is_async=True)
        data = self.context(request, context)
        self._note(template, data)
        return await template.render_async(data)

    # -- for tests -------------------------------------------------------------------------------

    @contextmanager
    def record(self) -> Iterator[list[RenderedTemplate]]:
        """Collect every render while the block runs: ``with templates.record() as seen:``."""
        seen: list[RenderedTemplate] = []
        self._recorders.append(seen)
        try:
            yield seen
        finally:
            self._recorders.remove(seen)

    def _note(self, template: jinja2.Template, data: dict[str, Any]) -> None:
        if self._recorders:
            rendered = RenderedTemplate(template.name or "<string>", dict(data))
            for seen in self._recorders:
                seen.append(rendered)

    # -- globals -----------------------------------------------------------------------------------

    def _static(self, path: str) -> str:
        resolve = self._static_url
        if resolve is None:
            # The static files battery decides hashed names; it is found at the first call,
            # so it may be installed after the templates.
            from trestle.staticfiles.urls import static_url_resolver

            resolve = self._static_url = static_url_resolver(self.app)
        return resolve(path)

    def __repr__(self) -> str:
        return f"<Templates {[str(folder) for folder in self.search_path]}>"


def _url_for_function(app: App) -> Callable[..., str]:
    """The ``url_for`` global: below the request's mount point when there is a request."""

    @jinja2.pass_context
    def url_for(context: jinja2.runtime.Context, name: str, /, **params: Any) -> str:
        """``url_for("post", id=3)``: the path of the route called ``name``."""
        request = context.get("request")
        if request is not None:
            return request.url_for(name, **params)  # type: ignore[no-any-return]
        return app.url_for(name, **params)

    return url_for


def templates_setting(value: Any) -> dict[str, Any]:
    """The TEMPLATES setting, checked: ``{"DIRS": [...], "APP_DIRS": bool, "OPTIONS": {...}}``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SettingsError(
            f"TEMPLATES must be a dict like {{'DIRS': ['templates']}}, not {type(value).__name__}",
            setting="TEMPLATES",
        )
    unknown = set(value) - _SETTING_KEYS
    if unknown:
        raise SettingsError(
            f"TEMPLATES has unknown keys {sorted(unknown)}; the keys are {sorted(_SETTING_KEYS)}",
            setting="TEMPLATES",
        )
    dirs = value.get("DIRS", ())
    if isinstance(dirs, (str, PathLike)) or not all(
        isinstance(folder, (str, PathLike)) for folder in dirs
    ):
        raise SettingsError(
            "TEMPLATES['DIRS'] must be a list of folders, like ['templates']",
            setting="TEMPLATES",
        )
    options = value.get("OPTIONS", {})
    if not isinstance(options, Mapping):
        raise SettingsError(
            "TEMPLATES['OPTIONS'] must be a dict of jinja2.Environment arguments",
            setting="TEMPLATES",
        )
    reserved = _RESERVED_OPTIONS & set(options)
    if reserved:
        raise SettingsError(
            f"TEMPLATES['OPTIONS'] may not set {sorted(reserved)}: Trestle sets the loader "
            "from DIRS and makes an async environment itself",
            setting="TEMPLATES",
        )
    return dict(value)
