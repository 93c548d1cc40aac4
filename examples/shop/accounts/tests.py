"""The accounts app through HTTP: sign-up, the verification link, resending it, the account
page, and trestle.auth's pages (login, two-factor, password reset) in the shop."""

from __future__ import annotations

import html
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyotp
import pytest
from sqlalchemy import select

from accounts.forms import EMAIL_TAKEN, USERNAME_TAKEN
from accounts.verification import MAX_AGE, SALT, make_token
from conftest import PASSWORD, csrf
from trestle.auth import Auth
from trestle.auth.models import User
from trestle.signing import Signer

NEW_PASSWORD = "another quite unusual passphrase 27"
WRONG_CREDENTIALS = "Please enter a correct username and password."
INVALID_LINK = "This verification link is not valid"
GOOD = {
    "username": "Grace",
    "email": "grace@example.com",
    "password": PASSWORD,
    "password_again": PASSWORD,
}


# -- helpers ------------------------------------------------------------------------------------


def post(client: Any, url: str, data: dict[str, str], *, page: str | None = None) -> Any:
    """POST ``data`` to ``url`` with the CSRF token of ``page`` (``url`` by default)."""
    token = csrf(client.get(page or url))
    return client.post(url, data={"csrf_token": token, **data})


def sign_up(client: Any, **changes: str) -> Any:
    """Send the sign-up form: GOOD with ``changes``."""
    return post(client, "/accounts/signup/", {**GOOD, **changes})


def log_in(client: Any, username: str = "ada", password: str = PASSWORD) -> Any:
    """Send the login form."""
    return post(client, "/accounts/login/", {"username": username, "password": password})


#: A page only logged-in users see (trestle.auth's, so these helpers do not depend on ours).
MEMBERS_ONLY = "/accounts/password/change/"


def log_out(client: Any) -> None:
    """Press the header's Log out button."""
    response = post(client, "/accounts/logout/", {}, page=MEMBERS_ONLY)
    assert response.status_code == 303


def is_logged_in(client: Any) -> bool:
    """Whether the client's session has a user: a members-only page answers, not redirects."""
    return client.get(MEMBERS_ONLY).status_code == 200


def find_user(app: Any, username: str) -> Any:
    """The user row as the database holds it now (a fresh session), or None."""
    with Auth.of(app).database.session() as session:
        return session.scalar(select(User).where(User.username == username))


def field_errors(page: Any, field: str) -> list[str]:
    """The messages shown under a field of the form on ``page``."""
    found = re.search(
        rf'<ul class="field-errors" id="id_{field}-errors">(.*?)</ul>', page.text, re.S
    )
    return (
        [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []
    )


def mailed_link(message: Any) -> str:
    """The verification or reset link in a mail's text."""
    text = message.get_body(("plain",)).get_content()
    found = re.search(r"http://localhost/accounts/\S+/", text)
    assert found, text
    return found.group(0)


def path_of(link: str) -> str:
    """The path of an absolute link on the test server."""
    return link.removeprefix("http://localhost")


def main_text(page: Any) -> str:
    """The page's <main>, without the CSRF tokens (which differ on every page)."""
    main = page.text[page.text.index("<main") : page.text.index("</main>")]
    return re.sub(r'name="csrf_token" value="[^"]+"', "", main)


# -- sign-up and verification -----------------------------------------------------------------


def test_the_signup_page_shows_the_form_and_the_password_rules(client: Any) -> None:
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    assert "<title>Sign up · Trestle Shop</title>" in page.text
    for field in ("username", "email", "password", "password_again"):
        assert f'name="{field}"' in page.text
    assert 'autocomplete="new-password"' in page.text
    assert "at least 12 characters" in page.text  # AUTH_PASSWORD_VALIDATORS' help
    assert page.headers["cache-control"] == "no-store"


def test_sign_up_verify_the_email_and_be_logged_in(
    client: Any, outbox: list[Any], app: Any
) -> None:
    response = sign_up(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/accounts/signup/done/"
    user = find_user(app, "Grace")
    assert user.email == "grace@example.com" and not user.is_active
    assert user.password.startswith("$argon2id$")
    assert Auth.of(app).hasher.verify(user.password, PASSWORD)

    done = client.get("/accounts/signup/done/")
    assert "Check your email" in done.text
    assert '<strong class="sent-to">grace@example.com</strong>' in done.text

    (message,) = outbox
    assert message["To"] == "grace@example.com"
    assert message["Subject"] == "Verify your email address for Trestle Shop"
    link = mailed_link(message)
    assert link.startswith("http://localhost/accounts/verify/")
    # Whole in the raw message, as the console backend prints it in development.
    assert link in message.as_bytes().decode()

    # Not before the link is opened: the login page refuses the inactive account.
    assert log_in(client, "Grace").status_code == 400
    assert not is_logged_in(client)

    verified = client.get(path_of(link))
    assert verified.status_code == 303
    assert verified.headers["location"] == "/"
    home = client.get("/")
    assert "Welcome to Trestle Shop, Grace! Your email address is verified." in home.text
    assert find_user(app, "Grace").is_active
    assert '<a href="/accounts/profile/">Grace</a>' in home.text  # request.user, in the header
    assert is_logged_in(client)


def test_the_link_works_once(client: Any, outbox: list[Any]) -> None:
    sign_up(client)
    link = path_of(mailed_link(outbox[0]))
    assert client.get(link).status_code == 303
    log_out(client)
    again = client.get(link)
    assert again.status_code == 400
    assert INVALID_LINK in again.text
    assert 'action="/accounts/resend/"' in again.text  # it offers a new link
    assert not is_logged_in(client)


def test_a_link_opened_in_another_browser_activates_but_asks_for_the_password(
    client: Any, outbox: list[Any], app: Any
) -> None:
    sign_up(client)
    link = path_of(mailed_link(outbox[0]))
    with app.test_client(base_url="http://localhost") as other:
        response = other.get(link)
        assert response.status_code == 303
        assert response.headers["location"] == "/accounts/login/"
        page = other.get("/accounts/login/")
        assert "Your email address is verified: log in to start shopping." in page.text
        assert not is_logged_in(other)
        assert log_in(other, "Grace").status_code == 303
        assert is_logged_in(other)
    assert find_user(app, "Grace").is_active
    assert not is_logged_in(client)  # the signing-up browser was not logged in either


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": "ADA"}, "username", USERNAME_TAKEN),
        ({"username": "ada"}, "username", USERNAME_TAKEN),
        ({"email": "ADA@Example.COM"}, "email", EMAIL_TAKEN),
        ({"username": "ada lovelace"}, "username", "Use only letters, digits, dots"),
        ({"username": "<b>x</b>"}, "username", "Use only letters, digits, dots"),
        ({"username": "ab"}, "username", "Use at least 3 characters (you used 2)."),
        ({"username": "x" * 31}, "username", "Use at most 30 characters (you used 31)."),
        ({"email": "grace@"}, "email", "Enter an email address"),
        ({"email": "grace@example.com\nBcc: all@example.com"}, "email", "Enter an email address"),
        ({"password": "short", "password_again": "short"}, "password", "too short"),
        (
            {"password": "password1234", "password_again": "password1234"},
            "password",
            "too common",
        ),
        (
            {"password": "9" * 14, "password_again": "9" * 14},
            "password",
            "entirely numeric",
        ),
        (
            {"password": "grace@example.com", "password_again": "grace@example.com"},
            "password",
            "too similar",
        ),
        ({"password_again": PASSWORD + "!"}, "password_again", "The two passwords differ."),
        ({"password": "x" * 5000, "password_again": "x" * 5000}, "password", "at most 4096"),
    ],
)
def test_bad_input_is_a_form_error(
    client: Any,
    outbox: list[Any],
    make_user: Any,
    app: Any,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    make_user("ada", is_active=False)  # an unverified account holds its name and address too
    page = sign_up(client, **changes)
    assert page.status_code == 400
    assert any(message.lower() in error.lower() for error in field_errors(page, field)), (
        field_errors(page, field)
    )
    assert 'aria-invalid="true"' in page.text
    assert PASSWORD not in page.text  # a password is never shown again
    assert "<b>x</b>" not in page.text  # what was typed comes back escaped
    assert find_user(app, "Grace") is None and find_user(app, "ADA") is None
    assert outbox == []


def test_missing_fields_are_each_required(client: Any, outbox: list[Any]) -> None:
    page = post(client, "/accounts/signup/", {})
    assert page.status_code == 400
    for field in ("username", "email", "password", "password_again"):
        assert field_errors(page, field) == ["This field is required."]
    assert outbox == []


def test_a_10_mb_field_is_refused_without_a_crash(client: Any, outbox: list[Any], app: Any) -> None:
    over_the_body_limit = sign_up(client, username="x" * (10 * 1024 * 1024))
    assert over_the_body_limit.status_code == 413
    under_it = sign_up(client, email="x" * 10_000_000)
    assert under_it.status_code == 400
    assert field_errors(under_it, "email")
    assert find_user(app, "Grace") is None
    assert outbox == []


def test_a_form_without_its_csrf_token_is_refused(client: Any, outbox: list[Any], app: Any) -> None:
    client.get("/accounts/signup/")
    response = client.post("/accounts/signup/", data=GOOD)
    assert response.status_code == 403
    wrong = client.post("/accounts/signup/", data={**GOOD, "csrf_token": "forged"})
    assert wrong.status_code == 403
    assert client.post("/accounts/resend/", data={"email": "a@example.com"}).status_code == 403
    assert find_user(app, "Grace") is None
    assert outbox == []


def test_logged_in_users_are_sent_away_from_signup(
    client: Any, make_user: Any, outbox: list[Any]
) -> None:
    make_user("ada")
    log_in(client)
    response = client.get("/accounts/signup/")
    assert response.status_code == 303
    assert response.headers["location"] == "/accounts/profile/"
    token = csrf(client.get(MEMBERS_ONLY))
    posted = client.post("/accounts/signup/", data={**GOOD, "csrf_token": token})
    assert posted.status_code == 303
    assert outbox == []


def test_a_mail_server_that_fails_leaves_a_usable_account(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trestle.apps import build_app

    with refusing_port() as port:
        monkeypatch.setenv("TRESTLE_EMAIL_BACKEND", "smtp")
        monkeypatch.setenv("TRESTLE_EMAIL_HOST", "127.0.0.1")
        monkeypatch.setenv("TRESTLE_EMAIL_PORT", str(port))
        app = build_app()
        try:
            with app.test_client(base_url="http://localhost") as client:
                response = sign_up(client)
                assert response.status_code == 303
                done = client.get(response.headers["location"])
                assert "We could not send the email just now." in done.text
                assert find_user(app, "Grace") is not None
                # Resending fails too, but says what it always says.
                resent = post(client, "/accounts/resend/", {"email": "grace@example.com"})
                assert resent.status_code == 303
                assert resent.headers["location"] == "/accounts/resend/done/"
        finally:
            app.extensions["db"].dispose()


@contextmanager
def refusing_port() -> Iterator[int]:
    """A local TCP port that refuses connections: bound (so nobody else gets it), not listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


# -- bad links ----------------------------------------------------------------------------------


def inactive_user(make_user: Any) -> Any:
    """An account waiting for verification."""
    return make_user("grace", is_active=False)


def test_an_expired_link_is_refused(client: Any, app: Any, make_user: Any) -> None:
    user = inactive_user(make_user)
    old = make_token(app, user, timestamp=time.time() - MAX_AGE - 60)
    response = client.get(f"/accounts/verify/{old}/")
    assert response.status_code == 400
    assert "This verification link has expired." in response.text
    assert 'action="/accounts/resend/"' in response.text
    assert not find_user(app, "grace").is_active
    # A day younger, the same kind of link still works: the limit is MAX_AGE.
    recent = make_token(app, user, timestamp=time.time() - MAX_AGE + 3600)
    assert client.get(f"/accounts/verify/{recent}/").status_code == 303
    assert find_user(app, "grace").is_active


def tampered(token: str) -> list[str]:
    """Variants of a token with one part changed."""
    value, stamp, signature = token.rsplit(".", 2)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    other_user = "Mg" + value[value.index("-") :]  # base64 of "2"
    return [
        f"{value}.{stamp}.{flipped}",
        f"{other_user}.{stamp}.{signature}",
        f"{value}.{stamp}X.{signature}",
        token[:-3],
        "nonsense",
        "a.b.c",
        "x" * 600,
    ]


def test_tampered_and_malformed_links_are_refused(client: Any, app: Any, make_user: Any) -> None:
    user = inactive_user(make_user)
    make_user("eve", is_active=False)
    for token in tampered(make_token(app, user)):
        response = client.get(f"/accounts/verify/{token}/")
        assert response.status_code == 400, token
        assert INVALID_LINK in response.text
    assert not find_user(app, "grace").is_active
    assert not find_user(app, "eve").is_active


def test_tokens_for_other_purposes_or_users_are_refused(
    client: Any, app: Any, make_user: Any
) -> None:
    user = inactive_user(make_user)
    secret = app.settings.SECRET_KEY
    refused = [
        Auth.of(app).reset_tokens.make(user),  # a password-reset link: another salt
        Signer(secret, salt=SALT).sign("eA-AAAAAAAAAAAAAAAAAAAAAA"),  # pk "x": no such user
        Signer(secret, salt=SALT).sign("MQ"),  # no fingerprint at all
        Signer("another-secret-key-0123456789", salt=SALT).sign("MQ-x"),
    ]
    for token in refused:
        response = client.get(f"/accounts/verify/{token}/")
        assert response.status_code == 400, token
    assert not find_user(app, "grace").is_active


def test_the_link_of_a_deleted_account_is_refused(
    client: Any, app: Any, make_user: Any, db: Any
) -> None:
    token = make_token(app, inactive_user(make_user))
    db.delete(db.scalar(select(User).where(User.username == "grace")))
    db.commit()
    response = client.get(f"/accounts/verify/{token}/")
    assert response.status_code == 400
    assert INVALID_LINK in response.text


def test_an_account_deactivated_by_staff_is_not_reactivated_by_an_old_link(
    client: Any, app: Any, make_user: Any, db: Any
) -> None:
    token = make_token(app, inactive_user(make_user))
    assert client.get(f"/accounts/verify/{token}/").status_code == 303
    log_in(client, "grace")  # logging in changes what the link was made for
    user = db.scalar(select(User).where(User.username == "grace"))
    user.is_active = False
    db.commit()
    assert client.get(f"/accounts/verify/{token}/").status_code == 400
    assert not find_user(app, "grace").is_active


# -- resending the link -------------------------------------------------------------------------


def test_resending_says_the_same_whoever_has_the_address(
    client: Any, app: Any, make_user: Any, db: Any, outbox: list[Any]
) -> None:
    inactive_user(make_user)
    make_user("ada")  # active: nothing to verify
    make_user("banned", is_active=False)
    banned = db.scalar(select(User).where(User.username == "banned"))
    banned.last_login = banned.date_joined  # logged in once, then deactivated by staff
    db.commit()
    answers = []
    for email in ("GRACE@example.com", "ada@example.com", "banned@example.com", "no@example.com"):
        response = post(client, "/accounts/resend/", {"email": email})
        assert response.status_code == 303
        assert response.headers["location"] == "/accounts/resend/done/"
        answers.append(main_text(client.get(response.headers["location"])))
    assert len(set(answers)) == 1
    assert "If an account waiting for verification has that address" in answers[0]
    (message,) = outbox
    assert message["To"] == "grace@example.com"
    # The new link works, here without logging in: this browser did not sign up.
    response = client.get(path_of(mailed_link(message)))
    assert response.headers["location"] == "/accounts/login/"
    assert find_user(app, "grace").is_active


def test_the_resend_form_refuses_what_is_no_address(client: Any, outbox: list[Any]) -> None:
    assert client.get("/accounts/resend/").status_code == 200
    for data in ({"email": "not an address"}, {}, {"email": "x" * 300 + "@example.com"}):
        page = post(client, "/accounts/resend/", data)
        assert page.status_code == 400
        assert field_errors(page, "email")
    assert outbox == []


def test_after_a_resend_in_the_signing_up_browser_the_new_link_logs_in(
    client: Any, outbox: list[Any]
) -> None:
    sign_up(client)
    post(client, "/accounts/resend/", {"email": "grace@example.com"}, page="/accounts/signup/done/")
    first, second = outbox
    assert second["To"] == "grace@example.com"
    response = client.get(path_of(mailed_link(second)))
    assert response.headers["location"] == "/"
    assert is_logged_in(client)
    # The account is verified now: the first link is spent too.
    assert client.get(path_of(mailed_link(first))).status_code == 400


# -- the account page ---------------------------------------------------------------------------


def test_the_account_page_needs_a_login(client: Any) -> None:
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/accounts/profile/"


def test_the_account_page_shows_the_user_and_links_to_the_rest(client: Any, make_user: Any) -> None:
    user = make_user("ada", email="ada@example.com")
    log_in(client)
    page = client.get("/accounts/profile/")
    assert page.status_code == 200
    assert '<dd class="username">ada</dd>' in page.text
    assert '<dd class="email">ada@example.com</dd>' in page.text
    joined = user.date_joined
    assert f'<time datetime="{joined.date().isoformat()}">{joined.day} ' in page.text
    assert '<dd class="two-factor">off</dd>' in page.text
    for name in ("auth:password_change", "auth:two_factor", "orders:history", "api:tokens"):
        assert f'href="{client.app.url_for(name)}"' in page.text
    assert 'href="/static/accounts/accounts.css"' in page.text
    assert client.get("/static/accounts/accounts.css").status_code == 200


# -- trestle.auth's pages in the shop ---------------------------------------------------------


def test_the_login_page_links_to_signup_reset_and_resend(client: Any) -> None:
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert '<a class="brand" href="/">Trestle Shop</a>' in page.text  # the shop's frame
    for url in ("/accounts/signup/", "/accounts/password/reset/", "/accounts/resend/"):
        assert f'href="{url}"' in page.text


def test_an_unverified_account_is_refused_like_a_wrong_password(
    client: Any, make_user: Any
) -> None:
    make_user("grace", is_active=False)
    right_password = log_in(client, "grace")
    wrong_password = log_in(client, "grace", "not the password at all")
    unknown_user = log_in(client, "nobody")
    assert right_password.status_code == wrong_password.status_code == 400
    unknown = main_text(unknown_user).replace('value="nobody"', 'value="grace"')
    assert main_text(right_password) == main_text(wrong_password) == unknown
    assert WRONG_CREDENTIALS in right_password.text


def two_factor_code(secret: str, step: int) -> str:
    """The authenticator app's code for a 30-second time step."""
    return str(pyotp.TOTP(secret).at(step * 30))


def test_two_factor_login_through_the_pages(client: Any, make_user: Any) -> None:
    make_user("ada")
    log_in(client)
    settings = client.get("/accounts/two-factor/")
    assert "Two-factor login is <strong>off</strong>" in settings.text
    enable = client.get("/accounts/two-factor/enable/")
    assert enable.status_code == 200
    assert "<svg" in enable.text  # the QR code, drawn inline
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', enable.text).group(1)
    secret = secret.replace(" ", "")

    step = int(time.time() // 30)
    wrong = client.post(
        "/accounts/two-factor/enable/", data={"csrf_token": csrf(enable), "code": "12345x"}
    )
    assert wrong.status_code == 400
    codes_page = client.post(
        "/accounts/two-factor/enable/",
        data={"csrf_token": csrf(enable), "code": two_factor_code(secret, step)},
    )
    assert codes_page.status_code == 200
    recovery_codes = re.findall(r"<li><code>([^<]+)</code></li>", codes_page.text)
    assert len(recovery_codes) == 10
    assert "Two-factor login is <strong>on</strong>" in client.get("/accounts/two-factor/").text
    log_out(client)

    asked = log_in(client)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/accounts/login/two-factor/"
    assert not is_logged_in(client)  # the password alone is not enough
    page = client.get("/accounts/login/two-factor/")
    assert "Open your authenticator app" in page.text
    used = {two_factor_code(secret, s) for s in range(step - 2, step + 4)}
    wrong_code = next(c for c in ("000000", "111111", "222222") if c not in used)
    refused = post(client, "/accounts/login/two-factor/", {"code": wrong_code})
    assert refused.status_code == 400
    assert "That code is not valid" in refused.text
    assert not is_logged_in(client)
    # The next step's code: the one used to turn it on may not be used again.
    accepted = post(
        client, "/accounts/login/two-factor/", {"code": two_factor_code(secret, step + 1)}
    )
    assert accepted.status_code == 303
    assert is_logged_in(client)

    # A recovery code stands for the phone, once.
    log_out(client)
    log_in(client)
    assert (
        post(client, "/accounts/login/two-factor/", {"code": recovery_codes[0]}).status_code == 303
    )
    log_out(client)
    log_in(client)
    again = post(client, "/accounts/login/two-factor/", {"code": recovery_codes[0]})
    assert again.status_code == 400
    assert not is_logged_in(client)


def test_password_reset_through_the_pages(client: Any, make_user: Any, outbox: list[Any]) -> None:
    make_user("ada")
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/login/").text
    page = client.get("/accounts/password/reset/")
    assert '<a class="brand" href="/">Trestle Shop</a>' in page.text
    nobody = post(client, "/accounts/password/reset/", {"email": "nobody@example.com"})
    asked = post(client, "/accounts/password/reset/", {"email": "ADA@example.com"})
    assert (
        nobody.headers["location"] == asked.headers["location"] == "/accounts/password/reset/sent/"
    )
    (message,) = outbox
    assert message["To"] == "ada@example.com"
    link = mailed_link(message)
    assert link in message.as_bytes().decode()  # whole on the console too

    opened = client.get(path_of(link))
    assert opened.status_code == 303
    new_password_page = opened.headers["location"]
    weak = post(client, new_password_page, {"new_password": "short", "new_password_again": "short"})
    assert weak.status_code == 400
    done = post(
        client,
        new_password_page,
        {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
    )
    assert done.status_code == 200
    assert "Your new password is set." in done.text
    assert log_in(client, "ada", PASSWORD).status_code == 400
    assert log_in(client, "ada", NEW_PASSWORD).status_code == 303
    assert is_logged_in(client)
    log_out(client)
    assert client.get(path_of(link)).status_code == 400  # the link was spent


# -- how often links are mailed ------------------------------------------------------------


def test_resending_mails_one_address_three_times_an_hour_and_says_nothing_more(
    client: Any, make_user: Any, outbox: list[Any]
) -> None:
    """Nobody can fill a stranger's inbox with links, and the limit reveals nothing."""
    inactive_user(make_user)
    answers = []
    for _ in range(5):
        response = post(client, "/accounts/resend/", {"email": "grace@example.com"})
        assert response.status_code == 303
        answers.append(main_text(client.get(response.headers["location"])))
    assert len(set(answers)) == 1  # the same page, mailed or not
    assert len(outbox) == 3
    # Another address is counted apart.
    make_user("linus", email="linus@example.com", is_active=False)
    post(client, "/accounts/resend/", {"email": "linus@example.com"})
    assert [message["To"] for message in outbox[3:]] == ["linus@example.com"]


def test_one_client_may_sign_up_ten_times_an_hour(app: Any, outbox: list[Any]) -> None:
    """Past ten mails an hour, one network gets a clear 429 instead of new accounts."""

    def visitor(address: str) -> Any:
        return app.test_client(base_url="http://localhost", client=(address, 50000))

    for number in range(10):
        with visitor("203.0.113.9") as browser:
            made = sign_up(browser, username=f"user{number}", email=f"user{number}@example.com")
            assert made.status_code == 303
    with visitor("203.0.113.9") as browser:
        refused = sign_up(browser, username="user10", email="user10@example.com")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    text = html.unescape(refused.text)
    assert "Too many sign-ups from your network just now: try again in 15 minutes." in text
    assert len(outbox) == 10
    assert find_user(app, "user10") is None  # no account made
    with visitor("198.51.100.7") as browser:  # another network is counted apart
        assert sign_up(browser, username="user10", email="user10@example.com").status_code == 303
    assert len(outbox) == 11
