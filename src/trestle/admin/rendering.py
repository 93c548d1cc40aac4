"""Rendering admin pages: the context every page shares (the user's apps and models, links)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from trestle.templating import render

if TYPE_CHECKING:
    from trestle.admin.options import ModelAdmin
    from trestle.admin.sites import AdminSite
    from trestle.http.request import Request
    from trestle.templating import TemplateResponse


@dataclass(slots=True)
class ModelEntry:
    """A model on the dashboard or in the navigation, with what the user may do to it."""

    model_admin: ModelAdmin
    name: str
    url: str
    add_url: str | None
    perms: dict[str, bool]


@dataclass(slots=True)
class AppEntry:
    """An app and the models of it that the user may see."""

    label: str
    name: str
    url: str
    models: list[ModelEntry] = field(default_factory=list)


def admin_site(request: Request) -> AdminSite:
    """The admin site installed on the request's app."""
    site: AdminSite = request.app.extensions["admin"]
    return site


def index_url(request: Request) -> str:
    """The admin's home page."""
    return request.url_for("admin:index")


def changelist_url(request: Request, model_admin: ModelAdmin) -> str:
    """The change list of a model."""
    return f"{index_url(request)}{model_admin.app_label}/{model_admin.model_name}/"


def visible_apps(request: Request) -> list[AppEntry]:
    """The apps and models the user may see, in the order apps are installed."""
    site = admin_site(request)
    base = index_url(request)
    apps: dict[str, AppEntry] = {}
    for model_admin in site.model_admins(request.app):
        perms = model_admin.permissions(request)
        if not any(perms.values()):
            continue
        label = model_admin.app_label
        entry = apps.get(label)
        if entry is None:
            entry = apps[label] = AppEntry(
                label, site.app_name(request.app, label), f"{base}{label}/"
            )
        url = f"{base}{label}/{model_admin.model_name}/"
        entry.models.append(
            ModelEntry(
                model_admin,
                model_admin.verbose_name_plural.capitalize(),
                url,
                f"{url}add/" if perms["add"] else None,
                perms,
            )
        )
    for entry in apps.values():
        entry.models.sort(key=lambda model: model.name)
    return list(apps.values())


def render_admin(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
    breadcrumbs: list[tuple[str, str | None]] | None = None,
) -> TemplateResponse:
    """Render an admin page with what every page shows."""
    site = admin_site(request)
    home = index_url(request)
    data = {
        "site": site,
        "admin_home": home,
        "breadcrumbs": [("Home", home), *(breadcrumbs or [])],
        "logout_url": site.logout_url(request),
        "password_change_url": site.password_change_url(request),
        **context,
    }
    response = render(request, template, data, status=status)
    # Admin pages show private data: never kept by shared caches or the back button's cache.
    response.headers["Cache-Control"] = "no-store, private"
    return response
