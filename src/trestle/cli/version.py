"""``trestle version``."""

from __future__ import annotations

import click


@click.command("version")
def version_command() -> None:
    """Show the versions of Trestle and Python."""
    import platform

    from trestle import __version__

    click.echo(f"Trestle {__version__} (Python {platform.python_version()})")
