"""Two-factor login through HTTP: enrolment with an inline QR code, the code at login,
recovery codes, replays, throttling, and turning it off."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pyotp
import pytest

from trestle import App, Request
from trestle.auth import Auth

from .conftest import PASSWORD, Clock, create_user, csrf_token, reload_user, submit

MakeClient = Callable[..., Any]


@pytest.fixture
def app(auth_app: Callable[..., App]) -> App:
    app = auth_app(security=True)

    @app.get("/")
    def home(request: Request) -> str:
        return f"home of {request.user.get_username() or 'nobody'}"

    create_user(app, "ada")
    return app


def log_in(client: Any, username: str = "ada", password: str = PASSWORD, next: str = "") -> Any:
    data = {"username": username, "password": password}
    if next:
        data["next"] = next
    return submit(client, "/accounts/login/", data)


def enrol(client: Any) -> tuple[str, list[str]]:
    """Turn two-factor login on as a logged-in user; the secret and the recovery codes."""
    page = client.get("/accounts/two-factor/enable/")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page.text)
    assert secret, page.text
    key = secret.group(1).replace(" ", "")
    done = client.post(
        "/accounts/two-factor/enable/",
        data={"csrf_token": csrf_token(page), "code": pyotp.TOTP(key).now()},
    )
    assert done.status_code == 200, done.text
    codes = re.findall(r"<li><code>([0-9a-z-]{19})</code></li>", done.text)
    assert len(codes) == 10
    return key, codes


def second_step(client: Any, code: str) -> Any:
    return submit(client, "/accounts/login/two-factor/", {"code": code})


def test_enrolment_page_shows_an_inline_qr_code(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    log_in(client)
    page = client.get("/accounts/two-factor/enable/")
    assert '<figure class="qr-code"><svg' in page.text
    assert "<img" not in page.text and "https://" not in page.text
    # The secret stays the same while the user looks at the page (it is in the session).
    again = client.get("/accounts/two-factor/enable/")
    secret = re.findall(r'totp-secret">([^<]+)<', page.text)
    assert secret and secret == re.findall(r'totp-secret">([^<]+)<', again.text)


def test_enrolment_needs_a_login(make_client: MakeClient, app: App) -> None:
    response = make_client(app).get("/accounts/two-factor/enable/")
    assert response.status_code == 302


@pytest.mark.parametrize("code", ["000000", "", "abcdef", "12345", "1234567", "x" * 20])
def test_enrolment_with_a_wrong_code(make_client: MakeClient, app: App, code: str) -> None:
    client = make_client(app)
    log_in(client)
    response = submit(client, "/accounts/two-factor/enable/", {"code": code})
    assert response.status_code == 400
    assert reload_user(app, "ada").totp_secret is None


def test_login_with_two_factor(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    log_in(client)
    key, _ = enrol(client)
    assert reload_user(app, "ada").has_two_factor
    submit(client, "/accounts/logout/", {}, page="/accounts/two-factor/")

    response = log_in(client, next="/inbox")
    assert response.status_code == 303
    assert response.headers["location"] == "/accounts/login/two-factor/"
    assert client.get("/").text == "home of nobody"  # not yet
    # The code of the step used at enrolment was spent: the next step's code is needed.
    replayed = second_step(client, pyotp.TOTP(key).now())
    assert replayed.status_code == 400
    assert "not valid" in replayed.text
    done = second_step(client, pyotp.TOTP(key).at(time.time() + 30))
    assert done.status_code == 303
    assert done.headers["location"] == "/inbox"
    assert client.get("/").text == "home of ada"


def test_replayed_login_code(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    log_in(client)
    key, _ = enrol(client)
    code = pyotp.TOTP(key).at(time.time() + 30)
    first, second = make_client(app), make_client(app)
    log_in(first)
    log_in(second)
    assert second_step(first, code).status_code == 303
    assert second_step(second, code).status_code == 400  # seen once already
    assert second.get("/").text == "home of nobody"


def test_recovery_codes_work_once(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    log_in(client)
    _, codes = enrol(client)
    stored = reload_user(app, "ada").recovery_codes
    assert codes[0].replace("-", "") not in stored  # only digests are stored
    first = make_client(app)
    log_in(first)
    assert second_step(first, codes[0].upper().replace("-", " ")).status_code == 303
    assert first.get("/").text == "home of ada"
    assert reload_user(app, "ada").recovery_codes_left == 9
    again = make_client(app)
    log_in(again)
    assert second_step(again, codes[0]).status_code == 400
    assert second_step(again, codes[1]).status_code == 303


@pytest.mark.parametrize(
    "code", ["", "999999", "abcd-efgh-jkmn-pqrs", "x" * 64, "\x00\x00", "١٢٣٤٥٦"]
)
def test_wrong_second_step_codes(make_client: MakeClient, app: App, code: str) -> None:
    client = make_client(app)
    log_in(client)
    enrol(client)
    other = make_client(app)
    log_in(other)
    response = second_step(other, code)
    assert response.status_code == 400
    assert other.get("/").text == "home of nobody"


def test_second_step_is_throttled(make_client: MakeClient, app: App) -> None:
    clock = Clock(time.time())
    Auth.of(app).throttle.clock = clock
    client = make_client(app)
    log_in(client)
    key, _ = enrol(client)
    other = make_client(app)
    log_in(other)
    for _ in range(5):
        second_step(other, "000000")
    locked = second_step(other, pyotp.TOTP(key).at(time.time() + 30))
    assert locked.status_code == 429
    assert "Try again in 1 minute" in locked.text
    clock.now += 61
    assert second_step(other, pyotp.TOTP(key).at(time.time() + 30)).status_code == 303


def test_second_step_without_a_password_first(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    response = client.get("/accounts/login/two-factor/")
    assert response.status_code == 303
    assert response.headers["location"] == "/accounts/login/"


def test_second_step_times_out(make_client: MakeClient, auth_app: Callable[..., App]) -> None:
    app = auth_app(security=True, TWO_FACTOR_LOGIN_TIMEOUT=1)
    create_user(app, "ada")
    client = make_client(app)
    log_in(client)
    key, _ = enrol(client)
    other = make_client(app)
    log_in(other)
    token = csrf_token(other.get("/accounts/login/two-factor/"))
    time.sleep(1.1)
    response = other.post(
        "/accounts/login/two-factor/",
        data={"csrf_token": token, "code": pyotp.TOTP(key).at(time.time() + 30)},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/accounts/login/"
    assert other.get("/accounts/two-factor/").status_code == 302  # not logged in


def test_recovery_codes_can_be_replaced(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    log_in(client)
    _, old_codes = enrol(client)
    wrong = submit(
        client,
        "/accounts/two-factor/recovery-codes/",
        {"password": "wrong"},
        page="/accounts/two-factor/",
    )
    assert wrong.status_code == 400
    page = submit(
        client,
        "/accounts/two-factor/recovery-codes/",
        {"password": PASSWORD},
        page="/accounts/two-factor/",
    )
    new_codes = re.findall(r"<li><code>([0-9a-z-]{19})</code></li>", page.text)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    other = make_client(app)
    log_in(other)
    assert second_step(other, old_codes[2]).status_code == 400
    assert second_step(other, new_codes[2]).status_code == 303


def test_turning_two_factor_off(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    log_in(client)
    enrol(client)
    status = client.get("/accounts/two-factor/")
    assert "<strong>on</strong>" in status.text
    assert '<span class="recovery-codes-left">10</span>' in status.text
    wrong = submit(
        client, "/accounts/two-factor/disable/", {"password": "nope"}, page="/accounts/two-factor/"
    )
    assert wrong.status_code == 400
    assert reload_user(app, "ada").has_two_factor
    off = submit(
        client,
        "/accounts/two-factor/disable/",
        {"password": PASSWORD},
        page="/accounts/two-factor/",
    )
    assert off.status_code == 303
    user = reload_user(app, "ada")
    assert not user.has_two_factor and user.recovery_codes == ""
    assert log_in(make_client(app)).headers["location"] == "/"  # a password is enough again


def test_enable_page_when_already_on(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    log_in(client)
    enrol(client)
    response = client.get("/accounts/two-factor/enable/")
    assert response.status_code == 303
    assert response.headers["location"] == "/accounts/two-factor/"
