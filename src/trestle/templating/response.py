"""``render()``: a template rendered for a request, as a response that remembers its template."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trestle.http.response import HeadersInit, Response
from trestle.templating.environment import Templates

if TYPE_CHECKING:
    from trestle.http.request import Request

# By the template's extension; anything else is HTML.
_MEDIA_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "svg": "image/svg+xml; charset=utf-8",
    "json": "application/json",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
_HTML = "text/html; charset=utf-8"


class TemplateResponse(Response):
    """A rendered template; ``template_name`` and ``context`` say what was rendered (for tests)."""

    __slots__ = ("context", "template_name")

    def __init__(
        self,
        content: str,
        template_name: str,
        context: dict[str, Any],
        status_code: int = 200,
        headers: HeadersInit = None,
        media_type: str | None = None,
    ) -> None:
        super().__init__(content, status_code, headers, media_type or media_type_of(template_name))
        #: The name of the template that was rendered (the one found, for a list of names).
        self.template_name = template_name
        #: The context it was rendered with: the view's values, ``request``, ``messages``...
        self.context = context


def media_type_of(template_name: str) -> str:
    """The Content-Type for a template: by its extension, HTML by default."""
    extension = template_name.rpartition(".")[2].lower()
    return _MEDIA_TYPES.get(extension, _HTML)


def render(
    request: Request,
    template_name: str | Sequence[str],
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    headers: HeadersInit = None,
    media_type: str | None = None,
) -> TemplateResponse:
    """Render ``template_name`` with ``context`` (and ``request``, ``messages``...) to a response.

    In ``async def`` views this works too; use :func:`render_async` when the template
    awaits something (calls async functions).
    """
    templates = Templates.for_project(request.app)
    template = templates.get_template(template_name)
    data = templates.context(request, context)
    templates._note(template, data)
    name = template.name or str(template_name)
    return TemplateResponse(template.render(data), name, data, status, headers, media_type)


async def render_async(
    request: Request,
    template_name: str | Sequence[str],
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    headers: HeadersInit = None,
    media_type: str | None = None,
) -> TemplateResponse:
    """:func:`render` for async views, with Jinja2's async rendering (templates may await)."""
    templates = Templates.for_project(request.app)
    template = templates.get_template(template_name, is_async=True)
    data = templates.context(request, context)
    templates._note(template, data)
    name = template.name or str(template_name)
    body = await template.render_async(data)
    return TemplateResponse(body, name, data, status, headers, media_type)
