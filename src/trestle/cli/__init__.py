"""The ``trestle`` command (and ``python manage.py``, which runs the same group).

Every command is imported when it runs (see :mod:`trestle.cli.group`), so ``trestle --help``
answers at once. Commands find the project they work on as ``click.get_current_context().obj``,
a :class:`~trestle.cli.project.Project`.
"""

from __future__ import annotations

import click

from trestle.cli.group import TrestleGroup
from trestle.cli.project import Project

__all__ = ["Project", "main"]


@click.group(
    cls=TrestleGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--settings",
    metavar="MODULE",
    is_eager=True,  # read before --help, which then lists the project's own commands
    help="The project's settings module, e.g. mysite.settings "
    "(default: $TRESTLE_SETTINGS_MODULE, which manage.py sets).",
)
@click.option(
    "--app",
    metavar="MODULE:APP",
    is_eager=True,
    help="A one-file app instead of a project, e.g. examples.hello:app (default: $TRESTLE_APP).",
)
@click.pass_context
def main(ctx: click.Context, settings: str | None, app: str | None) -> None:
    """Trestle's command-line tool: `trestle COMMAND --help` tells more about a command.

    In a project, `python manage.py COMMAND` runs the same commands with the project's
    settings.
    """
    ctx.obj = Project.from_environment(settings, app)
