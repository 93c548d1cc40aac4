"""Password-reset mail: a link with a signed, expiring, single-use token, to each account
with the address given.

The page that asked says the same thing whether or not an account matched, so it cannot be
used to find out who has an account. The link is built from the request's host: keep
``ALLOWED_HOSTS`` strict (the security middleware checks it) so that a forged ``Host``
header cannot send someone a link to another site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from trestle.auth.hashers import is_password_usable
from trestle.auth.login import sync_session
from trestle.auth.service import Auth

if TYPE_CHECKING:
    from trestle.http.request import Request

__all__ = ["send_reset_mail", "users_with_email"]


def users_with_email(request: Request, email: str) -> list[Any]:
    """The active users whose address is ``email`` (without case) and who have a password."""
    auth = Auth.of(request.app)
    model = auth.user_model
    column = getattr(model, model.EMAIL_FIELD)
    with sync_session(request) as session:
        users = session.execute(
            select(model).where(func.lower(column) == email.lower(), model.is_active.is_(True))
        ).scalars()
        return [user for user in users if is_password_usable(user.password)]


def send_reset_mail(request: Request, email: str) -> int:
    """Send a reset link to each account with this address; how many were sent."""
    from trestle.mail import send_mail
    from trestle.templating import Templates

    auth = Auth.of(request.app)
    templates = Templates.for_project(request.app)
    settings = request.app.settings
    sender = settings.PASSWORD_RESET_FROM_EMAIL or None
    sent = 0
    for user in users_with_email(request, email):
        token = auth.reset_tokens.make(user)
        path = request.url_for("auth:password_reset_confirm", token=token)
        context = {
            "user": user,
            "reset_url": f"{request.scheme}://{request.host}{path}",
            "site": request.host,
            "valid_minutes": max(1, auth.password_reset_timeout // 60),
        }
        subject = templates.render_to_string("auth/password_reset_subject.txt", context)
        body = templates.render_to_string("auth/password_reset_email.txt", context)
        send_mail(" ".join(subject.split()), body, sender, [user.get_email()], app=request.app)
        sent += 1
    return sent
