"""The catalog app's commands: ``python manage.py seed``."""

import click

#: Where the development server shows the admin, for the line the command prints.
ADMIN_URL = "http://127.0.0.1:8000/admin/"


@click.command("seed")
def seed_command() -> None:
    """Stock the shop with the demo catalogue and a staff user; safe to run again."""
    from sqlalchemy.exc import DBAPIError

    from .seed import SeedError, seed

    app = click.get_current_context().obj.app
    try:
        with app.extensions["db"].session() as session:
            result = seed(app, session)
            session.commit()
    except SeedError as error:
        raise click.ClickException(str(error)) from None
    except DBAPIError as error:
        reason = str(error.orig).splitlines()[0] if error.orig is not None else str(error)
        raise click.ClickException(
            f"the database refused: {reason} (did you run `python manage.py migrate`?)"
        ) from None

    click.echo(
        f"Categories: {result.categories_created} created, "
        f"{result.categories_existing} already there."
    )
    click.echo(
        f"Products: {result.products_created} created, {result.products_existing} already there."
    )
    made = "created" if result.staff_created else "already there"
    click.echo(f"Staff user {result.staff_username!r}: {made}.")
    if result.staff_password_works:
        click.echo(f"Staff login: {result.staff_username} / {result.staff_password}  ({ADMIN_URL})")
    else:
        click.echo(
            f"Staff login: {result.staff_username} with the password it already had, not this "
            f"one (`python manage.py changepassword {result.staff_username}` sets another)"
            f"  ({ADMIN_URL})"
        )


#: The commands the command line finds in this app.
commands: list[click.Command] = [seed_command]
