"""``trestle check``: the project's problems, each with an id and a hint; status 1 on errors."""

from __future__ import annotations

import click

_STYLES = {"error": "red", "warning": "yellow", "info": "cyan"}


@click.command("check")
@click.option(
    "--deploy",
    is_flag=True,
    help="Also check the settings production needs: DEBUG off, a strong SECRET_KEY, "
    "ALLOWED_HOSTS, secure cookies, HSTS. Run it with the production environment.",
)
@click.option(
    "--fail-level",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="The level of problem that makes the command exit with status 1.",
)
def check_command(deploy: bool, fail_level: str) -> None:
    """Check the project for problems.

    Loads the project as a server would (settings, apps, routes, middleware) and runs
    Trestle's checks and those of each installed app. Exits with status 1 when it finds
    an error, so CI can run it.
    """
    from trestle.apps.checks import run_checks
    from trestle.cli.project import current_project

    project = current_project()
    messages = run_checks(project.load_app(strict=False), deploy=deploy)
    for message in messages:
        label = click.style(f"{message.level.upper()}", fg=_STYLES[message.level], bold=True)
        click.echo(f"{label} {message}", err=message.is_error)
    errors = sum(message.is_error for message in messages)
    warnings = sum(message.level == "warning" for message in messages)
    if not messages:
        click.echo(f"No problems found in {project.describe()}.")
    else:
        click.echo(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}.")
    failing = errors if fail_level == "error" else errors + warnings
    if failing:
        raise SystemExit(1)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
