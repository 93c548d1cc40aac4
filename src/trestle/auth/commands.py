"""``trestle createsuperuser`` and ``trestle changepassword``.

``createsuperuser`` asks for a username, an email address and a password (twice); with
``--noinput`` it takes them from ``--username``/``--email`` or the environment variables
``TRESTLE_SUPERUSER_USERNAME``, ``TRESTLE_SUPERUSER_EMAIL`` and ``TRESTLE_SUPERUSER_PASSWORD``
(for scripts and containers). Without a password the account gets an unusable one: set it
later with ``changepassword``. Passwords go through ``AUTH_PASSWORD_VALIDATORS``.

Every failure is one line and exit status 1, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from trestle.auth.hashers import make_unusable_password
from trestle.auth.validators import PasswordValidationError, validate_password

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from trestle.auth.service import Auth

ENV_USERNAME = "TRESTLE_SUPERUSER_USERNAME"
ENV_EMAIL = "TRESTLE_SUPERUSER_EMAIL"
ENV_PASSWORD = "TRESTLE_SUPERUSER_PASSWORD"


def _auth() -> Auth:
    from trestle.auth.service import Auth

    obj = click.get_current_context().obj
    if obj is None or not hasattr(obj, "app"):
        raise click.ClickException(
            "this command needs a project: run it through `trestle` in a project folder "
            "or through its manage.py"
        )
    app = obj.app
    try:
        return Auth.of(app)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None


@contextmanager
def _session(auth: Auth) -> Iterator[Session]:
    """A database session; database errors become one line that says what to do."""
    from sqlalchemy.exc import DBAPIError

    session = auth.database.session()
    try:
        yield session
    except DBAPIError as error:
        session.rollback()
        reason = str(error.orig).splitlines()[0] if error.orig is not None else str(error)
        hint = ""
        if "no such table" in reason or "does not exist" in reason or "doesn't exist" in reason:
            hint = ": the user table is missing, run `trestle migrate` first"
        raise click.ClickException(f"the database refused: {reason}{hint}") from None
    finally:
        session.close()


def _find(session: Session, auth: Auth, username: str) -> Any:
    from trestle.auth.login import find_user

    return find_user(session, auth.user_model, username)


def _check_username(session: Session, auth: Auth, username: str) -> str:
    """The reason ``username`` cannot be used, or ``""``."""
    if not username or username != username.strip():
        return "the username may not be empty or start or end with spaces"
    limit = getattr(auth.user_model, auth.user_model.USERNAME_FIELD).type.length
    if limit and len(username) > limit:
        return f"the username may have at most {limit} characters"
    if any(ord(char) < 32 or ord(char) == 127 for char in username):
        return "the username may not contain control characters"
    if _find(session, auth, username) is not None:
        return f"the username {username!r} is taken"
    return ""


def _check_email(email: str) -> str:
    if email and (email.count("@") != 1 or " " in email or "." not in email.rpartition("@")[2]):
        return f"{email!r} is not an email address"
    if len(email) > 254:
        return "the email address may have at most 254 characters"
    return ""


def _password_problems(auth: Auth, password: str, user: Any) -> list[str]:
    try:
        validate_password(password, auth.validators, user)
    except PasswordValidationError as error:
        return error.messages
    return []


def _prompt_password(auth: Auth, user: Any, attempts: int = 3) -> str:
    """Ask for a password twice until it passes the validators (``attempts`` tries)."""
    for _ in range(attempts):
        password: str = click.prompt("Password", hide_input=True, default="", show_default=False)
        again: str = click.prompt(
            "Password (again)", hide_input=True, default="", show_default=False
        )
        if password != again:
            click.echo("Error: the two passwords differ.", err=True)
            continue
        if not password:
            click.echo("Error: the password may not be empty.", err=True)
            continue
        problems = _password_problems(auth, password, user)
        if problems:
            for problem in problems:
                click.echo(f"Error: {problem}", err=True)
            continue
        return password
    raise click.ClickException(f"no acceptable password after {attempts} attempts")


def _prompt_until(label: str, check: Callable[[str], str], default: str = "") -> str:
    while True:
        value: str = click.prompt(label, default=default, show_default=bool(default))
        problem = check(value)
        if not problem:
            return value
        click.echo(f"Error: {problem}.", err=True)


@click.command("createsuperuser")
@click.option("--username", help="The new user's username.")
@click.option("--email", help="The new user's email address.")
@click.option(
    "--noinput",
    "--no-input",
    "no_input",
    is_flag=True,
    help=f"Ask nothing: take the values from the options or {ENV_USERNAME}, {ENV_EMAIL} "
    f"and {ENV_PASSWORD}.",
)
def createsuperuser(username: str | None, email: str | None, no_input: bool) -> None:
    """Create a user who can do everything."""
    auth = _auth()
    model = auth.user_model
    with _session(auth) as session:
        if no_input:
            username = username or os.environ.get(ENV_USERNAME, "")
            email = email if email is not None else os.environ.get(ENV_EMAIL, "")
            password = os.environ.get(ENV_PASSWORD, "")
            if not username:
                raise click.ClickException(
                    f"--noinput needs a username: --username or {ENV_USERNAME}"
                )
            for problem in (_check_username(session, auth, username), _check_email(email)):
                if problem:
                    raise click.ClickException(problem)
            user = model(username=username, email=email, is_staff=True, is_superuser=True)
            if password:
                problems = _password_problems(auth, password, user)
                if problems:
                    raise click.ClickException(f"{ENV_PASSWORD}: {' '.join(problems)}")
        else:
            if username is None:
                username = _prompt_until(
                    "Username", lambda value: _check_username(session, auth, value)
                )
            else:
                problem = _check_username(session, auth, username)
                if problem:
                    raise click.ClickException(problem)
            if email is None:
                email = _prompt_until("Email address", _check_email)
            elif _check_email(email):
                raise click.ClickException(_check_email(email))
            user = model(username=username, email=email, is_staff=True, is_superuser=True)
            password = _prompt_password(auth, user)
        user.password = auth.hasher.hash(password) if password else make_unusable_password()
        session.add(user)
        session.commit()
    click.echo(f"Superuser {username!r} created.")
    if not password:
        click.echo(
            f"It has no password yet: set one with `trestle changepassword {username}`.",
        )


@click.command("changepassword")
@click.argument("username", required=False)
def changepassword(username: str | None) -> None:
    """Change a user's password."""
    import getpass

    auth = _auth()
    if username is None:
        username = getpass.getuser()
    with _session(auth) as session:
        user = _find(session, auth, username)
        if user is None:
            raise click.ClickException(f"there is no user {username!r}")
        click.echo(f"Changing the password of {username!r}.")
        password = _prompt_password(auth, user)
        user.password = auth.hasher.hash(password)
        session.commit()
    click.echo(f"The password of {username!r} is changed.")


commands: list[click.Command] = [createsuperuser, changepassword]
