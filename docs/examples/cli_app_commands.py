# blog/commands.py
import click


@click.command("publish")
@click.argument("title")
def publish(title: str) -> None:
    """Publish a post now."""
    project = click.get_current_context().obj  # the project: settings, apps, app
    label = project.apps.get_app_config("blog").verbose_name
    click.echo(f"Published {title!r} in {label} (DEBUG={project.settings.DEBUG})")


# The list the command line reads.
commands = [publish]
