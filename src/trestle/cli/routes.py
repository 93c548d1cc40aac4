"""``trestle routes``: the app's routes as a table: method, path, name, view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from trestle.app import App


@click.command("routes")
@click.option("--json", "as_json", is_flag=True, help="Print the routes as a JSON list.")
def routes_command(as_json: bool) -> None:
    """List the routes: method, path, name, view.

    In the order they were added. HEAD is served wherever GET is, and is not shown.
    """
    from trestle.cli.project import current_project

    rows = route_rows(current_project().built_app())
    if as_json:
        import json

        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No routes.")
        return
    headers = {"methods": "METHOD", "path": "PATH", "name": "NAME", "view": "VIEW"}
    table = [headers, *({k: str(row[k] or "") for k in headers} for row in rows)]
    widths = {key: max(len(line[key]) for line in table) for key in headers}
    for number, line in enumerate(table):
        text = "  ".join(line[key].ljust(widths[key]) for key in headers).rstrip()
        click.echo(click.style(text, bold=True) if number == 0 else text)


def route_rows(app: App) -> list[dict[str, Any]]:
    """``{"methods", "path", "name", "view"}`` for each routed view, in registration order."""
    return [
        {
            "methods": ",".join(route.methods),
            "path": route.path,
            "name": route.name,
            "view": _qualified(route.view),
        }
        for route in app.routes()
    ]


def _qualified(view: Any) -> str:
    module = getattr(view, "__module__", None)
    name = getattr(view, "__qualname__", None) or repr(view)
    return f"{module}.{name}" if module else name
