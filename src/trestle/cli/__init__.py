"""The ``trestle`` command: ``trestle runserver`` for development, ``trestle version``.

Each command imports what it needs when it runs (granian, the user's app), so ``trestle
--help`` answers at once. ``trestle serve``, the production server with tuned defaults, is
planned; the name is kept for it.
"""

from __future__ import annotations

import click

from trestle.cli.runserver import runserver_command

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Trestle's command-line tool.

    Run `trestle COMMAND --help` to learn more about a command, for example
    `trestle runserver --help`.
    """


@main.command()
def version() -> None:
    """Show the versions of Trestle and Python."""
    import platform

    from trestle import __version__

    click.echo(f"Trestle {__version__} (Python {platform.python_version()})")


main.add_command(runserver_command)
