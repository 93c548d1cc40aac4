"""``trestle shell``: Python (IPython when installed) with the project loaded."""

from __future__ import annotations

import inspect
from typing import Any

import click


@click.command("shell")
@click.option(
    "--interface",
    type=click.Choice(["auto", "ipython", "python"]),
    default="auto",
    show_default=True,
    help="The shell to open: IPython when it is installed (auto), or the plain Python one.",
)
@click.option(
    "-c",
    "--command",
    metavar="CODE",
    help="Run CODE with the same names loaded, instead of opening a shell.",
)
def shell_command(interface: str, command: str | None) -> None:
    """Open a Python shell with the project's app, settings and models.

    Loaded for you: `app` (the web app), `settings`, `apps` (the installed apps), `db`
    (the database, when the project has one) and every model class of the installed
    apps, by its name.
    """
    from trestle.cli.project import current_project

    project = current_project()
    names = shell_namespace(project.built_app())
    if command is not None:
        exec(compile(command, "<shell -c>", "exec"), names)
        return
    banner = _banner(names)
    if interface in ("auto", "ipython"):
        try:
            from IPython import start_ipython  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            if interface == "ipython":
                raise click.ClickException(
                    "IPython is not installed: `pip install ipython`, or use --interface python"
                ) from None
        else:
            click.echo(banner)
            start_ipython(argv=[], user_ns=names)
            return
    import code
    import contextlib

    with contextlib.suppress(ImportError):  # line editing and history, where there is readline
        import readline  # noqa: F401
    code.interact(banner=banner, local=names, exitmsg="")


def shell_namespace(app: Any) -> dict[str, Any]:
    """The names a shell starts with: app, settings, apps, db, and the models by name."""
    names: dict[str, Any] = {"app": app, "settings": app.settings}
    apps = app.extensions.get("apps")
    if apps is not None:
        names["apps"] = apps
        for config in apps.get_app_configs():
            module = config.models_module
            if module is None:
                continue
            for name, value in vars(module).items():
                # The classes the models module defines, not those it imports.
                if inspect.isclass(value) and value.__module__ == module.__name__:
                    names.setdefault(name, value)
    if "db" in app.extensions:
        names["db"] = app.extensions["db"]
    return names


def _banner(names: dict[str, Any]) -> str:
    import platform

    loaded = ", ".join(sorted(names))
    return f"Python {platform.python_version()}. Loaded: {loaded}."
