"""The template loader: folders searched in order, and a "not found" that names them all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, TemplateNotFound


class SearchPathLoader(FileSystemLoader):
    """Jinja2's file loader whose TemplateNotFound lists every folder it looked in.

    The first folder holding the name wins, so a project's ``templates/`` can override an
    app's ``blog/post.html`` or Trestle's own ``trestle/base.html``.
    """

    def __init__(self, search_path: Sequence[Path]) -> None:
        super().__init__([str(folder) for folder in search_path], followlinks=True)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except TemplateNotFound:
            raise TemplateNotFound(template, not_found_message(template, self.searchpath)) from None

    def list_templates(self) -> list[str]:
        """Every template name, once (a name found in two folders is the first one's)."""
        return sorted(set(super().list_templates()))


def not_found_message(template: Any, search_path: Sequence[str]) -> str:
    """``template 'x.html' not found; searched: a, b`` (or a hint when nothing is searched)."""
    if not search_path:
        return f"template {template!r} not found: the template search path is empty"
    return f"template {template!r} not found; searched, in order: {', '.join(search_path)}"
