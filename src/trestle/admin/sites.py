"""``AdminSite``: the registry of models the admin manages, and its installation on an App.

::

    from trestle import admin
    admin.site.register(Post, PostAdmin)      # in blog/admin.py

    @admin.register(Author)                   # the same, as a decorator
    class AuthorAdmin(admin.ModelAdmin): ...

``trestle.admin`` in INSTALLED_APPS imports each installed app's ``admin`` module and
installs :data:`site`; the project's ``urls.py`` mounts it with
``path("admin/", include("trestle.admin.urls"))``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from trestle.admin.introspect import AdminConfigError, model_name
from trestle.admin.options import ModelAdmin
from trestle.conf.settings import SettingsError

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.http.request import Request

A = TypeVar("A", bound=type[ModelAdmin])

#: The admin's own templates (``admin/*.html``), for apps without the app registry.
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The admin's stylesheet and script (``admin/admin.css``, ``admin/admin.js``).
STATIC = Path(__file__).resolve().parent / "static"


class AlreadyRegistered(AdminConfigError):
    """A model registered twice."""


class AdminSite:
    """The models the admin manages, each with its ModelAdmin."""

    #: The name in the page header and titles.
    site_header = "Administration"
    #: How many of the user's recent actions the dashboard lists.
    recent_actions = 10

    def __init__(self) -> None:
        self._registry: dict[type[Any], ModelAdmin] = {}
        self._by_name: dict[tuple[str, str], ModelAdmin] = {}

    # -- registration ----------------------------------------------------------------------------

    def register(
        self,
        model: type[Any] | Iterable[type[Any]],
        admin_class: type[ModelAdmin] | None = None,
    ) -> None:
        """Manage ``model`` (or each of several) with ``admin_class`` (default ModelAdmin)."""
        models = [model] if isinstance(model, type) else list(model)
        admin_class = admin_class or ModelAdmin
        if not (isinstance(admin_class, type) and issubclass(admin_class, ModelAdmin)):
            raise AdminConfigError(f"register() takes a ModelAdmin subclass, not {admin_class!r}")
        for each in models:
            if not hasattr(each, "__mapper__"):
                raise AdminConfigError(f"{each!r} is not a model (a trestle.db.Model subclass)")
            if each in self._registry:
                raise AlreadyRegistered(f"{each.__name__} is already registered with the admin")
            key = (each.__app_label__, model_name(each))
            if key in self._by_name:
                raise AlreadyRegistered(
                    f"another model is registered as {key[0]}.{key[1]}; give one another name"
                )
            model_admin = admin_class(each, self)
            self._registry[each] = model_admin
            self._by_name[key] = model_admin

    def unregister(self, model: type[Any]) -> None:
        """Stop managing ``model``."""
        model_admin = self._registry.pop(model, None)
        if model_admin is None:
            raise KeyError(f"{model.__name__} is not registered with the admin")
        del self._by_name[(model_admin.app_label, model_admin.model_name)]

    def is_registered(self, model: type[Any]) -> bool:
        """Whether ``model`` is registered."""
        return model in self._registry

    def __contains__(self, model: object) -> bool:
        return model in self._registry

    def __iter__(self) -> Iterator[ModelAdmin]:
        return iter(list(self._registry.values()))

    def model_admin_for(self, model: type[Any]) -> ModelAdmin | None:
        """The ModelAdmin of ``model``, or None."""
        return self._registry.get(model)

    # -- what one App sees ----------------------------------------------------------------------

    def model_admins(self, app: App) -> list[ModelAdmin]:
        """The registered models of the apps installed on ``app``."""
        labels = installed_labels(app)
        return [
            model_admin
            for model_admin in self._registry.values()
            if labels is None or model_admin.app_label in labels
        ]

    def get(self, app: App, app_label: str, name: str) -> ModelAdmin | None:
        """The ModelAdmin at ``<app_label>/<name>/``, or None."""
        model_admin = self._by_name.get((app_label, name))
        labels = installed_labels(app)
        if model_admin is None or (labels is not None and app_label not in labels):
            return None
        return model_admin

    def app_name(self, app: App, label: str) -> str:
        """An app's name for people (its AppConfig's verbose_name)."""
        registry = app.extensions.get("apps")
        if registry is not None:
            try:
                return str(registry.get_app_config(label).verbose_name)
            except LookupError:
                pass
        return label.replace("_", " ").title()

    def logout_url(self, request: Request) -> str | None:
        """Where the header's "Log out" posts (the auth app's page)."""
        return _url_or_none(request, "auth:logout")

    def password_change_url(self, request: Request) -> str | None:
        """The auth app's page to change one's password."""
        return _url_or_none(request, "auth:password_change")

    # -- installation ---------------------------------------------------------------------------

    def install(self, app: App) -> AdminSite:
        """Make this site the admin of ``app``; needs auth, sessions and CSRF protection."""
        existing: object = app.extensions.get("admin")
        if existing is self:
            return self
        if existing is not None:
            raise RuntimeError("this app already has another admin site")
        missing = [
            what
            for key, what in (
                ("auth", "'trestle.auth' (logins)"),
                ("security", "'trestle.security' (CSRF protection of its forms)"),
            )
            if key not in app.extensions
        ]
        if missing:
            raise SettingsError(
                f"trestle.admin needs {' and '.join(missing)}: list them before "
                "'trestle.admin' in INSTALLED_APPS"
            )
        from trestle.auth.service import add_template_folder
        from trestle.templating import Templates

        templates = Templates.for_project(app)
        add_template_folder(templates, TEMPLATES)
        app.extensions["admin.media"] = media_settings(app.settings)
        app.extensions.pop("admin.labels", None)
        installed_labels(app)
        app.extensions["admin"] = self
        return self

    def autodiscover(self, modules: Iterable[tuple[str, Callable[[], Any]]]) -> None:
        """Import each app's ``admin`` module (``(app name, importer)`` pairs), naming failures."""
        for name, load in modules:
            try:
                load()
            except AdminConfigError as error:
                raise AdminConfigError(f"{name}.admin: {error}") from error

    def __repr__(self) -> str:
        names = ", ".join(f"{label}.{name}" for label, name in self._by_name)
        return f"<AdminSite {names or '(empty)'}>"


def installed_labels(app: App) -> frozenset[str] | None:
    """The labels of the apps installed on ``app`` (None without an app registry: all)."""
    cached = app.extensions.get("admin.labels")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    registry = app.extensions.get("apps")
    if registry is None:
        return None
    labels = frozenset(config.label for config in registry.get_app_configs())
    app.extensions["admin.labels"] = labels
    return labels


def media_settings(settings: Any) -> tuple[Path, str] | None:
    """Where uploads are stored and served from: (MEDIA_ROOT, MEDIA_URL), or None if unset."""
    root = settings.get("MEDIA_ROOT")
    if not root:
        return None
    if not isinstance(root, (str, Path)):
        raise SettingsError("MEDIA_ROOT must be a folder (a str or a Path)", setting="MEDIA_ROOT")
    url = settings.get("MEDIA_URL") or ""
    if not isinstance(url, str):
        raise SettingsError("MEDIA_URL must be a str, like '/media/'", setting="MEDIA_URL")
    if url and not url.endswith("/"):
        url += "/"
    base = Path(settings.get("BASE_DIR") or ".")
    return base / root, url


def _url_or_none(request: Request, name: str) -> str | None:
    try:
        return request.url_for(name)
    except Exception:  # the auth pages are not mounted (AUTH_URL_PREFIX = "")
        return None


#: The default site: apps register their models here.
site = AdminSite()


def register(*models: type[Any], site: AdminSite = site) -> Callable[[A], A]:
    """Register ``models`` with the class below: ``@admin.register(Post)``."""

    def wrap(admin_class: A) -> A:
        site.register(models, admin_class)
        return admin_class

    return wrap
