"""Two-factor login, stored on the user row: turning it on and off, and checking codes.

Both checks are single-use across every worker, through compare-and-swap UPDATEs: a TOTP
code is accepted only if its time step is later than the last one stored (and the UPDATE
that stores it is what decides), a recovery code only if the UPDATE that removes its digest
still finds the list it read.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, update

from trestle.auth.recovery import hash_recovery_code, new_recovery_codes
from trestle.auth.totp import match_code

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "accept_recovery_code",
    "accept_totp_code",
    "disable_two_factor",
    "enable_two_factor",
    "replace_recovery_codes",
]


def _key(model: type[Any]) -> Any:
    from trestle.auth.models import primary_key_attribute

    return getattr(model, primary_key_attribute(model))


def _loaded(user: Any, **values: Any) -> None:
    from sqlalchemy.orm.attributes import set_committed_value

    for name, value in values.items():
        set_committed_value(user, name, value)


def accept_totp_code(session: Session, user: Any, code: object, *, window: int = 1) -> bool:
    """Whether ``code`` is a valid TOTP code for ``user`` not used before; records its use."""
    model = type(user)
    secret, last_step = session.execute(
        select(model.totp_secret, model.totp_last_step).where(_key(model) == user.pk)
    ).one()
    if not secret:
        return False
    step = match_code(secret, code, last_step=last_step, window=window)
    if step is None:
        return False
    claimed = session.execute(
        update(model)
        .where(
            _key(model) == user.pk,
            or_(model.totp_last_step.is_(None), model.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    session.commit()
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False  # another request used this step (or a later one) meanwhile
    _loaded(user, totp_last_step=step)
    return True


def accept_recovery_code(session: Session, user: Any, code: object) -> bool:
    """Whether ``code`` is one of ``user``'s unused recovery codes; it is used up if so."""
    digest = hash_recovery_code(code) if isinstance(code, str) else None
    if digest is None:
        return False
    model = type(user)
    stored = session.execute(
        select(model.recovery_codes).where(_key(model) == user.pk)
    ).scalar_one()
    digests = stored.split() if stored else []
    found = False
    for candidate in digests:
        # Compare every digest, so the time taken does not tell which one matched.
        if hmac.compare_digest(candidate, digest):
            found = True
    if not found:
        return False
    remaining = " ".join(candidate for candidate in digests if candidate != digest)
    claimed = session.execute(
        update(model)
        .where(_key(model) == user.pk, model.recovery_codes == stored)
        .values(recovery_codes=remaining)
    )
    session.commit()
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False  # used by a concurrent request
    _loaded(user, recovery_codes=remaining)
    return True


def enable_two_factor(
    session: Session, user: Any, secret: str, step: int, *, recovery_codes: int = 10
) -> list[str]:
    """Turn two-factor login on with a confirmed ``secret``; return fresh recovery codes."""
    codes = new_recovery_codes(recovery_codes)
    digests = " ".join(hash_recovery_code(code) or "" for code in codes)
    model = type(user)
    session.execute(
        update(model)
        .where(_key(model) == user.pk)
        .values(totp_secret=secret, totp_last_step=step, recovery_codes=digests)
    )
    session.commit()
    _loaded(user, totp_secret=secret, totp_last_step=step, recovery_codes=digests)
    return codes


def replace_recovery_codes(session: Session, user: Any, *, count: int = 10) -> list[str]:
    """New recovery codes for ``user`` (the old ones stop working); shown once."""
    codes = new_recovery_codes(count)
    digests = " ".join(hash_recovery_code(code) or "" for code in codes)
    model = type(user)
    session.execute(update(model).where(_key(model) == user.pk).values(recovery_codes=digests))
    session.commit()
    _loaded(user, recovery_codes=digests)
    return codes


def disable_two_factor(session: Session, user: Any) -> None:
    """Turn two-factor login off: the secret and the recovery codes are deleted."""
    model = type(user)
    session.execute(
        update(model)
        .where(_key(model) == user.pk)
        .values(totp_secret=None, totp_last_step=None, recovery_codes="")
    )
    session.commit()
    _loaded(user, totp_secret=None, totp_last_step=None, recovery_codes="")
