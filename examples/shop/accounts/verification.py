"""Email verification: a signed, expiring, single-use link that activates a new account.

A token names the user and carries a fingerprint of what verifying changes: whether the
account is active, and the time of its last login (verifying logs the user in, or they log in
soon after). Once the account is active the fingerprint differs, so a link works once; the
password hash and the address are in it too, so changing either spends older links. A token
older than ``MAX_AGE`` is refused, and a forged one fails its signature (trestle.signing, with
a salt of its own: no other token of the site is accepted here).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trestle import Request
from trestle.auth import Auth
from trestle.mail import send_mail
from trestle.signing import BadSignature, SignatureExpired, Signer
from trestle.templating import Templates

SALT = "accounts.verify"
#: How long a verification link works, in seconds.
MAX_AGE = 3 * 24 * 3600
#: Longer path segments are no token of ours: refused before any work.
MAX_TOKEN_LENGTH = 512


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise BadSignature("malformed token") from None


def _signer(app: Any) -> Signer:
    settings = app.settings
    return Signer(settings.SECRET_KEY, salt=SALT, fallback_keys=settings.SECRET_KEY_FALLBACKS)


def _fingerprint(user: Any) -> str:
    last_login = user.last_login
    state = "\x00".join(
        (
            str(user.pk),
            "active" if user.is_active else "inactive",
            last_login.isoformat() if last_login is not None else "",
            user.password or "",
            user.email or "",
        )
    )
    # Only a digest leaves the server: the token is readable by whoever holds it.
    return _b64(hashlib.sha256(state.encode()).digest()[:16])


def _value(user: Any) -> str:
    return f"{_b64(str(user.pk).encode())}-{_fingerprint(user)}"


def make_token(app: Any, user: Any, *, timestamp: float | None = None) -> str:
    """A token that activates ``user`` (signed now, or at ``timestamp``)."""
    return _signer(app).sign(_value(user), timestamp=timestamp)


class InvalidToken(Exception):
    """A verification token that cannot be used; ``expired`` says whether it is only too old."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def user_for_token(app: Any, session: Session, token: object) -> Any:
    """The inactive user a valid, unexpired, unspent ``token`` names; InvalidToken otherwise."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken()
    try:
        value = _signer(app).unsign(token, max_age=MAX_AGE)
    except SignatureExpired:
        raise InvalidToken(expired=True) from None
    except BadSignature:
        raise InvalidToken() from None
    encoded_pk, dash, _ = value.partition("-")
    if not dash:
        raise InvalidToken()
    auth = Auth.of(app)
    try:
        pk = auth.user_pk(_unb64(encoded_pk).decode())
    except (BadSignature, UnicodeDecodeError):
        raise InvalidToken() from None
    user = session.get(auth.user_model, pk) if pk is not None else None
    if user is None or not hmac.compare_digest(value.encode(), _value(user).encode()):
        # Deleted, verified already, or changed since the link was made.
        raise InvalidToken()
    return user


def send_verification_mail(request: Request, user: Any) -> None:
    """Mail ``user`` an absolute link that verifies their address (MailError if it fails)."""
    token = make_token(request.app, user)
    link = f"{request.scheme}://{request.host}{request.url_for('accounts:verify', token=token)}"
    context = {
        "user": user,
        "verify_url": link,
        "site": request.host,
        "valid_days": MAX_AGE // 86400,
    }
    templates = Templates.for_project(request.app)
    subject = templates.render_to_string("accounts/verify_email_subject.txt", context)
    body = templates.render_to_string("accounts/verify_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email], app=request.app)


def unverified_users_with_email(request: Request, email: str) -> list[Any]:
    """The accounts waiting for verification whose address is ``email`` (in any case)."""
    model = Auth.of(request.app).user_model
    query = select(model).where(
        func.lower(model.email) == email.lower(), model.is_active.is_(False)
    )
    # A user who never logged in and is inactive is waiting for verification; one who has
    # logged in was deactivated by staff, and a new link must not undo that.
    return [user for user in request.db.scalars(query) if user.last_login is None]
