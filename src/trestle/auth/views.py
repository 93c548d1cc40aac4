"""The auth pages: login (with the two-factor step), logout, password change and reset,
and two-factor settings. Mounted under ``AUTH_URL_PREFIX`` in the namespace ``auth``.

Every page that shows a secret or takes a password is sent with ``Cache-Control: no-store``;
the reset link's token leaves the address bar at once (it is moved into the session and
the browser is sent to a page without it), so it cannot leak through ``Referer`` or history.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from trestle.auth import two_factor
from trestle.auth.decorators import login_required
from trestle.auth.forms import (
    ConfirmPasswordForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    TwoFactorCodeForm,
    TwoFactorEnableForm,
)
from trestle.auth.login import (
    LoginThrottled,
    authenticate,
    client_address,
    login,
    logout,
    sync_session,
    update_session_auth_hash,
)
from trestle.auth.redirects import safe_redirect
from trestle.auth.service import Auth
from trestle.auth.tokens import BadSignature, SignatureExpired
from trestle.auth.totp import match_code, new_secret, provisioning_uri, qr_code_svg
from trestle.http.response import RedirectResponse, Response
from trestle.templating import render

if TYPE_CHECKING:
    from trestle.http.request import Request

NO_STORE = {"Cache-Control": "no-store"}

#: The session keys of the steps in between: the second factor, the reset, the enrolment.
PENDING_LOGIN_KEY = "_auth_pending_login"
RESET_KEY = "_auth_password_reset"
TOTP_SETUP_KEY = "_auth_totp_setup"

WRONG_CREDENTIALS = "Please enter a correct username and password. Both are case-sensitive."


def _next(request: Request, value: object) -> str:
    auth = Auth.of(request.app)
    return safe_redirect(
        value,
        auth.login_redirect_url,
        allowed_hosts=[request.host],
        require_https=request.is_secure,
    )


def _page(
    request: Request, name: str, context: dict[str, Any], status: int = 200, **headers: str
) -> Response:
    return render(request, name, context, status=status, headers={**NO_STORE, **headers})


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, 303)


def _messages(request: Request) -> Any:
    """trestle.messages when the app shows flash messages, else None."""
    if "messages" not in request.app.extensions:
        return None
    from trestle import messages

    return messages


# -- login, with its second step ----------------------------------------------------------------


def login_view(request: Request) -> Response:
    """The login page: username and password; then the code, when two-factor login is on."""
    auth = Auth.of(request.app)
    requested_next = request.query.get("next", "")
    form = LoginForm.from_request(request, initial={"next": requested_next})
    error = ""
    status = 200
    headers: dict[str, str] = {}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = authenticate(request, data["username"], data["password"])
            except LoginThrottled as throttled:
                error, status = str(throttled.detail), 429
                headers["Retry-After"] = throttled.headers["Retry-After"]
            else:
                if user is None:
                    error, status = WRONG_CREDENTIALS, 400
                elif user.has_two_factor:
                    session = request.session
                    session.cycle_key()
                    session[PENDING_LOGIN_KEY] = {
                        "user": str(user.pk),
                        "hash": auth.session_hash(user),
                        "at": int(time.time()),
                        "next": data.get("next") or "",
                    }
                    return _redirect(request.url_for("auth:two_factor_verify"))
                else:
                    login(request, user)
                    return _redirect(_next(request, data.get("next")))
        else:
            status = 400
    context = {"form": form, "error": error, "title": "Log in"}
    return _page(request, "auth/login.html", context, status, **headers)


def _pending_user(request: Request) -> tuple[Any, dict[str, Any]] | None:
    """The user who gave the right password and must now give a code (None: start again)."""
    auth = Auth.of(request.app)
    pending = request.session.get(PENDING_LOGIN_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("at"), int):
        return None
    if time.time() - pending["at"] > auth.two_factor_timeout:
        del request.session[PENDING_LOGIN_KEY]
        return None
    pk = auth.user_pk(pending.get("user"))
    if pk is None:
        return None
    with sync_session(request) as session:
        user = session.get(auth.user_model, pk)
    if (
        user is None
        or not user.is_active
        or not user.has_two_factor
        or not auth.session_hash_matches(user, pending.get("hash"))
    ):
        return None
    return user, pending


def two_factor_verify_view(request: Request) -> Response:
    """The second step of a login: a TOTP code, or a recovery code."""
    auth = Auth.of(request.app)
    found = _pending_user(request)
    if found is None:
        messages = _messages(request)
        if messages is not None:
            messages.info(request, "Your login took too long, or was not started: log in again.")
        return _redirect(request.url_for("auth:login"))
    user, pending = found
    form = TwoFactorCodeForm.from_request(request)
    error = ""
    status = 200
    headers: dict[str, str] = {}
    if request.method == "POST":
        username = user.get_username()
        address = client_address(request)
        wait = auth.throttle.wait_seconds(username, address)
        if wait > 0:
            throttled = LoginThrottled(wait)
            error, status = str(throttled.detail), 429
            headers["Retry-After"] = throttled.headers["Retry-After"]
        elif form.is_valid():
            code = form.cleaned_data["code"]
            with sync_session(request) as session:
                accepted = two_factor.accept_totp_code(
                    session, user, code, window=auth.two_factor_window
                ) or two_factor.accept_recovery_code(session, user, code)
            if accepted:
                login(request, user)
                return _redirect(_next(request, pending.get("next")))
            auth.throttle.failed(username, address)
            error, status = "That code is not valid (or was used already). Try again.", 400
        else:
            status = 400
    context = {"form": form, "error": error, "title": "Two-factor login"}
    return _page(request, "auth/two_factor_verify.html", context, status, **headers)


def logout_view(request: Request) -> Response:
    """Log out (POST only: a link or an image on another site cannot log anyone out)."""
    logout(request)
    messages = _messages(request)
    if messages is not None:
        messages.info(request, "You are logged out.")
    return _redirect(Auth.of(request.app).logout_redirect_url)


# -- passwords ------------------------------------------------------------------------------------


def _set_password(request: Request, user: Any, password: str) -> None:
    from sqlalchemy import update
    from sqlalchemy.orm.attributes import set_committed_value

    from trestle.auth.models import primary_key_attribute

    auth = Auth.of(request.app)
    encoded = auth.hasher.hash(password)
    model = type(user)
    key = getattr(model, primary_key_attribute(model))
    with sync_session(request) as session:
        session.execute(update(model).where(key == user.pk).values(password=encoded))
        session.commit()
    set_committed_value(user, "password", encoded)


@login_required
def password_change_view(request: Request) -> Response:
    """Change one's password: the current one, then a new one twice."""
    auth = Auth.of(request.app)
    user = request.user
    form = PasswordChangeForm(
        request.form if request.method == "POST" else None,
        user=user,
        validators=auth.validators,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            problem = check_current_password(request, form.cleaned_data["old_password"])
            if problem:
                form.add_error("old_password", problem)
        if form.is_valid():
            _set_password(request, user, form.cleaned_data["new_password"])
            update_session_auth_hash(request, user)
            return _page(request, "auth/password_change_done.html", {"title": "Password changed"})
        status = 400
    context = {"form": form, "title": "Change your password", "help": _help(auth)}
    return _page(request, "auth/password_change.html", context, status)


def _help(auth: Auth) -> list[str]:
    from trestle.auth.validators import password_help_texts

    return password_help_texts(auth.validators)


def password_reset_view(request: Request) -> Response:
    """Ask for a reset link: sent to the address if an account has it (the page never says)."""
    form = PasswordResetForm.from_request(request)
    if request.method == "POST":
        if form.is_valid():
            from trestle.auth.reset import send_reset_mail

            send_reset_mail(request, form.cleaned_data["email"])
            return _redirect(request.url_for("auth:password_reset_sent"))
        return _page(request, "auth/password_reset.html", {"form": form}, 400)
    return _page(request, "auth/password_reset.html", {"form": form, "title": "Reset password"})


def password_reset_sent_view(request: Request) -> Response:
    """What the reset request says, whether or not an account has that address."""
    return _page(request, "auth/password_reset_sent.html", {"title": "Check your email"})


def _invalid_link(request: Request, expired: bool) -> Response:
    context = {"expired": expired, "title": "Invalid link"}
    return _page(request, "auth/password_reset_invalid.html", context, 400)


def _reset_user(request: Request, token: object) -> tuple[Any, bool]:
    """The user a reset token is for, or ``(None, expired)``."""
    auth = Auth.of(request.app)
    if not isinstance(token, str) or len(token) > 512:
        return None, False
    try:
        pk = auth.user_pk(auth.reset_tokens.user_pk(token))
    except SignatureExpired:
        return None, True
    except BadSignature:
        return None, False
    if pk is None:
        return None, False
    with sync_session(request) as session:
        user = session.get(auth.user_model, pk)
    if user is None or not user.is_active or not auth.reset_tokens.check(user, token):
        return None, False
    return user, False


def password_reset_confirm_view(request: Request, token: str) -> Response:
    """The link from the email: checked, then moved out of the URL into the session."""
    user, expired = _reset_user(request, token)
    if user is None:
        return _invalid_link(request, expired)
    request.session[RESET_KEY] = token
    return _redirect(request.url_for("auth:password_reset_set"))


def password_reset_set_view(request: Request) -> Response:
    """Choose the new password (the link's token is in the session by now)."""
    auth = Auth.of(request.app)
    token = request.session.get(RESET_KEY)
    user, expired = _reset_user(request, token)
    if user is None:
        request.session.pop(RESET_KEY, None)
        return _invalid_link(request, expired)
    form = SetPasswordForm(
        request.form if request.method == "POST" else None,
        user=user,
        validators=auth.validators,
    )
    if request.method == "POST":
        if form.is_valid():
            _set_password(request, user, form.cleaned_data["new_password"])
            request.session.pop(RESET_KEY, None)
            # The attempts that may have locked the account do not count against the owner.
            auth.throttle.succeeded(user.get_username())
            return _page(request, "auth/password_reset_done.html", {"title": "Password set"})
        context = {"form": form, "title": "Choose a new password", "help": _help(auth)}
        return _page(request, "auth/password_reset_set.html", context, 400)
    context = {"form": form, "title": "Choose a new password", "help": _help(auth)}
    # Never sent as Referer to another site. Not "no-referrer": browsers then send the page's
    # own form with ``Origin: null``, which the CSRF check refuses.
    return _page(
        request, "auth/password_reset_set.html", context, 200, **{"Referrer-Policy": "same-origin"}
    )


# -- two-factor settings ------------------------------------------------------------------------


def check_current_password(request: Request, password: str) -> str:
    """Why the logged-in user's ``password`` is refused (``""``: it is right).

    The same throttle as the login page applies: a stolen session cannot be used to guess
    the password at leisure.
    """
    auth = Auth.of(request.app)
    user = request.user
    username, address = user.get_username(), client_address(request)
    wait = auth.throttle.wait_seconds(username, address)
    if wait > 0:
        return str(LoginThrottled(wait).detail)
    if auth.hasher.verify(user.password, password):
        return ""
    auth.throttle.failed(username, address)
    return "That is not your password."


def _confirm_password(request: Request, form: ConfirmPasswordForm) -> bool:
    if not form.is_valid():
        return False
    problem = check_current_password(request, form.cleaned_data["password"])
    if problem:
        form.add_error("password", problem)
    return not problem


@login_required
def two_factor_view(request: Request) -> Response:
    """Two-factor login: on or off, recovery codes left, and the buttons to change that."""
    context = {"form": ConfirmPasswordForm(), "title": "Two-factor login"}
    return _page(request, "auth/two_factor.html", context)


@login_required
def two_factor_enable_view(request: Request) -> Response:
    """Turn two-factor login on: scan the QR code, type the first code, keep the recovery codes."""
    auth = Auth.of(request.app)
    user = request.user
    if user.has_two_factor:
        return _redirect(request.url_for("auth:two_factor"))
    session = request.session
    secret = session.get(TOTP_SETUP_KEY)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = session[TOTP_SETUP_KEY] = new_secret()
    form = TwoFactorEnableForm.from_request(request)
    error = ""
    status = 200
    if request.method == "POST":
        step = match_code(
            secret,
            form.cleaned_data.get("code") if form.is_valid() else None,
            window=auth.two_factor_window,
        )
        if step is not None:
            with sync_session(request) as db:
                codes = two_factor.enable_two_factor(
                    db, user, secret, step, recovery_codes=auth.recovery_code_count
                )
            del session[TOTP_SETUP_KEY]
            context = {"codes": codes, "title": "Your recovery codes", "new": True}
            return _page(request, "auth/recovery_codes.html", context)
        error, status = "That code is not right: check the app and type the current code.", 400
    issuer = auth.two_factor_issuer or request.host.partition(":")[0]
    uri = provisioning_uri(secret, account=user.get_username(), issuer=issuer)
    context = {
        "form": form,
        "error": error,
        "qr_code": Markup(qr_code_svg(uri)),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "title": "Turn on two-factor login",
    }
    return _page(request, "auth/two_factor_enable.html", context, status)


@login_required
def two_factor_disable_view(request: Request) -> Response:
    """Turn two-factor login off (the password is asked again)."""
    form = ConfirmPasswordForm(request.form)
    if not _confirm_password(request, form):
        context = {"form": form, "title": "Two-factor login", "action": "disable"}
        return _page(request, "auth/two_factor.html", context, 400)
    with sync_session(request) as db:
        two_factor.disable_two_factor(db, request.user)
    return _redirect(request.url_for("auth:two_factor"))


@login_required
def recovery_codes_view(request: Request) -> Response:
    """New recovery codes (the password is asked again; the old codes stop working)."""
    auth = Auth.of(request.app)
    user = request.user
    form = ConfirmPasswordForm(request.form)
    if not user.has_two_factor:
        return _redirect(request.url_for("auth:two_factor"))
    if not _confirm_password(request, form):
        context = {"form": form, "title": "Two-factor login", "action": "codes"}
        return _page(request, "auth/two_factor.html", context, 400)
    with sync_session(request) as db:
        codes = two_factor.replace_recovery_codes(db, user, count=auth.recovery_code_count)
    return _page(
        request, "auth/recovery_codes.html", {"codes": codes, "title": "New recovery codes"}
    )
