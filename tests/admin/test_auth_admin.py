"""Users and groups in the admin: no secrets on the page, a new password hashed and checked,
groups and permissions as checkboxes, the auth permissions enforced."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from tests.admin.conftest import PASSWORD, Project, log_in, post_form

from trestle.auth.models import Group, Permission, User

USERS = "/admin/auth/user/"


def _user(project: Project, username: str) -> Any:
    with project.session() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        groups = [group.name for group in user.groups]
        session.expunge(user)
        user.group_names = groups
        return user


def test_users_are_listed_without_their_secrets(project: Project, staff_client: Any) -> None:
    client = staff_client(superuser=True, username="root")
    listing = client.get(USERS + "?is_staff=1&q=root")
    assert listing.status_code == 200 and ">root<" in listing.text
    page = client.get(USERS + f"{_user(project, 'root').id}/change/")
    assert page.status_code == 200
    assert "$argon2" not in page.text and 'name="password"' not in page.text
    assert 'name="new_password"' in page.text and 'autocomplete="new-password"' in page.text
    assert 'name="totp_secret"' not in page.text and "recovery" not in page.text.lower()
    assert "Two factor" in page.text or "Has two factor" in page.text


def test_adding_a_user_with_a_password(
    project: Project, staff_client: Any, make_client: Any
) -> None:
    client = staff_client(superuser=True)
    missing = post_form(client, USERS + "add/", {"username": "newcomer", "is_staff": "on"})
    assert missing.status_code == 400 and "Choose a password for the new user." in missing.text
    weak = post_form(
        client, USERS + "add/", {"username": "newcomer", "new_password": "123", "is_staff": "on"}
    )
    assert weak.status_code == 400 and 'id="id_new_password-errors"' in weak.text
    # A password is never shown again (its input stays empty; other inputs may hold 123).
    assert re.search(r'<input[^>]*name="new_password"[^>]*value="123"', weak.text) is None
    assert re.search(r'<input[^>]*value="123"[^>]*name="new_password"', weak.text) is None
    made = post_form(
        client,
        USERS + "add/",
        {"username": "newcomer", "new_password": PASSWORD, "is_staff": "on", "is_active": "on"},
    )
    assert made.status_code == 303
    user = _user(project, "newcomer")
    assert user.password.startswith("$argon2") and user.is_staff
    newcomer = make_client(project.app)
    log_in(newcomer, "newcomer")  # the password works
    assert newcomer.get("/admin/").status_code == 200


def test_changing_a_user_keeps_the_password_unless_a_new_one_is_given(
    project: Project, staff_client: Any
) -> None:
    project.user("member", staff=False)
    before = _user(project, "member")
    client = staff_client(superuser=True)
    with project.session() as session:
        session.add(Group(name="editors"))
        session.commit()
        editors = session.scalars(select(Group.id)).one()
        perm = session.scalars(
            select(Permission.id).where(Permission.codename == "view_book")
        ).one()
    url = f"{USERS}{before.id}/change/"
    page = client.get(url)
    assert "editors" in page.text and "bookshop.view_book" in page.text  # checkboxes
    answer = post_form(
        client,
        url,
        {
            "username": "member",
            "email": "member@example.com",
            "is_active": "on",
            "groups": str(editors),
            "user_permissions": str(perm),
        },
    )
    assert answer.status_code == 303
    after = _user(project, "member")
    assert after.password == before.password and after.group_names == ["editors"]
    history = client.get(f"{USERS}{before.id}/history/")
    assert "Changed groups and user permissions." in history.text


def test_staff_without_the_auth_permissions_cannot_see_users(
    project: Project, staff_client: Any
) -> None:
    client = staff_client(perms=["bookshop.view_book"])
    assert client.get(USERS).status_code == 403
    assert client.get("/admin/auth/group/add/").status_code == 403
    assert ">Users<" not in client.get("/admin/").text


def test_the_groups_page(project: Project, staff_client: Any) -> None:
    client = staff_client(superuser=True)
    added = post_form(client, "/admin/auth/group/add/", {"name": "editors"})
    assert added.status_code == 303
    assert ">editors<" in client.get("/admin/auth/group/").text
