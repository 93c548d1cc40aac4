"""``trestle clearsessions``: delete the expired sessions a store keeps (database rows)."""

from __future__ import annotations

import click


@click.command("clearsessions")
def clearsessions() -> None:
    """Delete the expired sessions."""
    from trestle.conf.settings import SettingsError
    from trestle.sessions.config import SessionConfig

    project = click.get_current_context().obj
    installed = project.app.extensions.get("sessions")
    config = getattr(installed, "fixed_config", None)
    if config is None:  # sessions added without settings: the settings say where they are
        try:
            config = SessionConfig(project.settings)
        except SettingsError as error:
            raise click.ClickException(str(error)) from None
    from trestle.sessions.store import SessionStoreUnavailable

    store = config.store
    try:
        removed = store.clear_expired()
    except SessionStoreUnavailable:
        raise click.ClickException(
            "the session store does not answer (the log above says why)"
        ) from None
    finally:
        store.close()
    engine = project.settings.SESSION_ENGINE
    if store.does_io and removed == 0 and engine == "redis":
        click.echo("Redis removes expired sessions itself: nothing to do.")
    else:
        click.echo(f"Deleted {removed} expired session{'s' if removed != 1 else ''}.")


commands: list[click.Command] = [clearsessions]
