"""The ``collectstatic`` command (the project CLI finds it through ``commands``)."""

from __future__ import annotations

import click

from trestle.staticfiles.collect import CollectError, collect_static_for
from trestle.staticfiles.manifest import MANIFEST_NAME


@click.command("collectstatic")
@click.option("--clear", is_flag=True, help="Empty STATIC_ROOT first (files of earlier runs go).")
@click.option("--no-compress", is_flag=True, help="Write no precompressed .gz and .br copies.")
def collectstatic(clear: bool, no_compress: bool) -> None:
    """Copy static files to STATIC_ROOT with content-hashed names, for production."""
    project = click.get_current_context().obj
    settings = getattr(project, "settings", None)
    if settings is None:
        raise click.ClickException(
            "collectstatic needs a project: run it as `trestle collectstatic`"
        )
    try:
        result = collect_static_for(
            settings, getattr(project, "apps", None), clear=clear, compress=not no_compress
        )
    except (CollectError, OSError) as error:
        raise click.ClickException(str(error)) from None
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"{len(result.copied)} static files collected to {result.root} "
        f"({len(result.compressed)} compressed copies); manifest: {MANIFEST_NAME}"
    )


#: The commands this battery adds to ``trestle``.
commands: list[click.Command] = [collectstatic]
