"""The accounts app's pages: signing up, the email verification link, and the account page.

A new account is inactive until its owner opens the link mailed to them. Opening it in the
browser that signed up also logs them in; opened anywhere else, it only activates the account
and asks for the password, so that a link an attacker mails to someone cannot log that person
into the attacker's account (a login CSRF: they would then shop, and type their address, there).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import IntegrityError

from trestle import RedirectResponse, Request, Response, messages
from trestle.auth import Auth, login, login_required
from trestle.auth.throttling import describe_wait
from trestle.auth.validators import password_help_texts
from trestle.mail import MailError
from trestle.templating import render

from . import throttle
from .forms import USERNAME_TAKEN, ResendForm, SignupForm
from .verification import (
    MAX_AGE,
    InvalidToken,
    send_verification_mail,
    unverified_users_with_email,
    user_for_token,
)

#: The session remembers who signed up in this browser: {"user": pk, "email": address}.
PENDING_KEY = "accounts_pending_signup"
#: Pages that take a password or carry a token: not kept in caches, their address never sent to
#: another site. ("no-referrer" would also make the browser send ``Origin: null`` with the
#: page's own form, which the CSRF check rightly refuses.)
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin"}

logger = logging.getLogger(__name__)


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, 303)


def _pending(request: Request) -> dict[str, Any]:
    pending = request.session.get(PENDING_KEY)
    return pending if isinstance(pending, dict) else {}


def signup(request: Request) -> Response:
    """The sign-up form; a valid one makes an inactive account and mails its link."""
    if request.user.is_authenticated:
        return _redirect(request.url_for("accounts:profile"))
    auth = Auth.of(request.app)
    form = SignupForm.from_request(request, session=request.db, auth=auth)
    status = 400 if form.is_bound else 200
    headers = PRIVATE
    if form.is_valid():
        wait = throttle.client_wait(request)
        if wait:
            status, headers = 429, {**PRIVATE, "Retry-After": str(int(wait) + 1)}
            form.add_error(
                None,
                "Too many sign-ups from your network just now: try again in "
                f"{describe_wait(wait)}.",
            )
        elif (user := _create_inactive_user(request, auth, form.cleaned_data)) is not None:
            request.session[PENDING_KEY] = {"user": str(user.pk), "email": user.email}
            if not _send_link(request, user):
                messages.error(
                    request,
                    "We could not send the email just now. Ask for a new link below in a few "
                    "minutes.",
                )
            return _redirect(request.url_for("accounts:signup_done"))
        else:
            # Someone took the name between the check and the insert.
            form.add_error("username", USERNAME_TAKEN)
    context = {"form": form, "help": password_help_texts(auth.validators), "title": "Sign up"}
    return render(request, "accounts/signup.html", context, status=status, headers=headers)


def _create_inactive_user(request: Request, auth: Auth, data: dict[str, Any]) -> Any:
    """The new, inactive user, committed; None if the username was taken meanwhile."""
    db = request.db
    user = auth.user_model(username=data["username"], email=data["email"], is_active=False)
    auth.set_password(user, data["password"])
    db.add(user)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        return None
    return user


def _send_link(request: Request, user: Any) -> bool:
    """Mail ``user`` their verification link; False (and a log line) if it was not sent.

    Not sent either when this address or this client had too many links lately
    (accounts/throttle.py): the visitor sees the same answer, so the limit reveals nothing.
    """
    if not throttle.may_mail(request, user.email):
        logger.warning("verification email of user %s not sent: too many lately", user.pk)
        return False
    try:
        send_verification_mail(request, user)
    except MailError:
        logger.exception("could not send the verification email of user %s", user.pk)
        return False
    throttle.count_mail(request, user.email)
    return True


def signup_done(request: Request) -> Response:
    """ "Check your email", with the address the link went to and a way to get another."""
    email = _pending(request).get("email", "")
    context = {
        "email": email,
        "form": ResendForm(initial={"email": email}),
        "resent": False,
        "title": "Check your email",
        "valid_days": MAX_AGE // 86400,
    }
    return render(request, "accounts/check_email.html", context)


def verify(request: Request, token: str) -> Response:
    """The link from the email: activate the account (and log in, in the signing-up browser)."""
    try:
        user = user_for_token(request.app, request.db, token)
    except InvalidToken as problem:
        context = {"expired": problem.expired, "form": ResendForm(), "title": "Invalid link"}
        return render(request, "accounts/verify_invalid.html", context, status=400, headers=PRIVATE)
    user.is_active = True
    request.db.commit()
    if _pending(request).get("user") == str(user.pk):
        del request.session[PENDING_KEY]
        login(request, user)
        messages.success(
            request, f"Welcome to Trestle Shop, {user.username}! Your email address is verified."
        )
        return _redirect(request.url_for("catalog:home"))
    messages.success(request, "Your email address is verified: log in to start shopping.")
    return _redirect(request.url_for("auth:login"))


def resend(request: Request) -> Response:
    """Ask for a new link; the answer is the same whether or not an account has the address."""
    form = ResendForm.from_request(request)
    if form.is_valid():
        for user in unverified_users_with_email(request, form.cleaned_data["email"]):
            # A failure is only logged: telling the visitor would tell them the account exists.
            _send_link(request, user)
        return _redirect(request.url_for("accounts:resend_done"))
    context = {"form": form, "title": "Send the link again"}
    return render(request, "accounts/resend.html", context, status=400 if form.is_bound else 200)


def resend_done(request: Request) -> Response:
    """What asking for a new link answers, whether or not an account matched."""
    context = {
        "email": "",
        "form": ResendForm(),
        "resent": True,
        "title": "Check your email",
        "valid_days": MAX_AGE // 86400,
    }
    return render(request, "accounts/check_email.html", context)


@login_required
def profile(request: Request) -> Response:
    """The account page: who you are, and links to the password, two-factor, orders and API."""
    return render(request, "accounts/profile.html", {"title": "Your account"})
