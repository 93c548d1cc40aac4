"""API tokens: making one, finding the one a request carries, and revoking it.

A token is ``tshop_`` and 43 random URL-safe characters (256 bits). The fixed start lets
secret scanners (and people) recognise a leaked shop token; the table keeps its first 12
characters, to tell tokens apart in lists, and the SHA-256 digest of the whole token, never
the token itself. A plain hash is enough here, unlike for passwords: the token is random
and long, so there is nothing to guess from its digest.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from trestle.api import secret_equals

from .models import ApiToken
from .times import as_utc

#: What every shop token starts with.
TOKEN_START = "tshop_"
#: How many characters of a token the table keeps and the lists show.
PREFIX_LENGTH = 12
#: Longer than any token this module makes: anything longer is refused unread.
MAX_TOKEN_LENGTH = 100
#: ``last_used_at`` is written at most this often, so using a token is not a write per request.
TOUCH_INTERVAL = timedelta(minutes=1)
#: How many tokens one user may hold: enough for every script, few enough to review.
MAX_TOKENS_PER_USER = 20


def digest_of(token: str) -> str:
    """The hex SHA-256 of ``token``: what the table keeps."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue(session: Session, user_id: int, name: str) -> tuple[ApiToken, str]:
    """Make a token for ``user_id`` (added to the session, not committed): the row and the token.

    The token is returned this once; afterwards only its digest exists.
    """
    token = TOKEN_START + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user_id, name=name, digest=digest_of(token), prefix=token[:PREFIX_LENGTH]
    )
    session.add(row)
    return row, token


def count_for(session: Session, user_id: int) -> int:
    """How many tokens ``user_id`` holds."""
    return session.scalar(select(func.count(ApiToken.id)).where(ApiToken.user_id == user_id)) or 0


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    """The user's tokens, newest first."""
    statement = (
        select(ApiToken)
        .where(ApiToken.user_id == user_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(session.scalars(statement))


def revoke(session: Session, user_id: int, token_id: int) -> bool:
    """Delete the user's token ``token_id`` (not committed); False if the user has none such."""
    deleted = session.execute(
        delete(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.user_id == user_id)
        .execution_options(synchronize_session=False)
    )
    return bool(deleted.rowcount)  # type: ignore[attr-defined]


def authenticate(session: Session, token: str) -> ApiToken | None:
    """The token row for ``token``, with its active user loaded, or None; records the use.

    The row is found by its digest. Timing cannot leak a token through that lookup: an
    attacker controls the token, not its digest, and steering a SHA-256 digest towards a
    stored one is a preimage attack. The digests are then compared in constant time anyway,
    so the answer never rests on how the database compares strings.
    """
    if not token.startswith(TOKEN_START) or len(token) > MAX_TOKEN_LENGTH:
        return None
    digest = digest_of(token)
    found = session.scalar(
        select(ApiToken).where(ApiToken.digest == digest).options(joinedload(ApiToken.user))
    )
    if found is None or not secret_equals(found.digest, digest) or not found.user.is_active:
        return None
    touch(session, found)
    return found


def touch(session: Session, token: ApiToken, now: datetime | None = None) -> bool:
    """Record that ``token`` was used, unless that was done less than a minute ago.

    Returns True when it wrote. It commits the session: call it before any work of the
    request's own. The UPDATE repeats the condition, so concurrent requests write it once
    between them.
    """
    now = now or datetime.now(UTC)
    last = token.last_used_at
    if last is not None and now - as_utc(last) < TOUCH_INTERVAL:
        return False
    cutoff = now - TOUCH_INTERVAL
    # End the transaction that found the token first: on SQLite, a write in a transaction
    # whose snapshot predates another request's write fails at once ("database is locked"),
    # where a fresh transaction waits its turn and then sees that write.
    session.commit()
    written = session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token.id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= cutoff),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    set_committed_value(token, "last_used_at", now)  # as the row now is: nothing to flush
    return bool(written.rowcount)  # type: ignore[attr-defined]
