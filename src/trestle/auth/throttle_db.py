"""The login throttle's counters in the database (``auth_login_attempt``), shared by workers.

Each failure is one short transaction: the UPDATE that counts it locks the row (on
PostgreSQL and MariaDB; SQLite locks the file), so concurrent failures from many workers
are all counted and each sees the count its own lock is computed from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from trestle.auth.models import LoginAttempt

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.auth.throttling import ThrottlePolicy

_TABLE = cast(Table, LoginAttempt.__table__)


class DatabaseThrottleStore:
    """Counters in the ``auth_login_attempt`` table of the database ``name``."""

    def __init__(self, app: App, name: str = "default") -> None:
        self.app = app
        self.name = name

    def _engine(self) -> Any:
        return self.app.extensions["db"].engine(self.name)

    def locked_until(self, keys: Sequence[str], now: float) -> float:
        """See :class:`~trestle.auth.throttling.ThrottleStore`."""
        query = select(func.max(_TABLE.c.locked_until)).where(
            _TABLE.c.key.in_(list(keys)), _TABLE.c.expires_at > now
        )
        with self._engine().connect() as connection:
            latest = connection.execute(query).scalar()
        return float(latest or 0.0)

    def add_failure(self, key: str, policy: ThrottlePolicy, now: float) -> float:
        """See :class:`~trestle.auth.throttling.ThrottleStore`."""
        for _ in range(3):
            try:
                return self._add_failure(key, policy, now)
            except IntegrityError:
                continue  # another worker inserted the row first: count on it
        raise RuntimeError("could not record a failed login (the row keeps changing)")

    def _add_failure(self, key: str, policy: ThrottlePolicy, now: float) -> float:
        with self._engine().begin() as connection:
            counted = connection.execute(
                update(_TABLE)
                .where(_TABLE.c.key == key, _TABLE.c.expires_at > now)
                .values(failures=_TABLE.c.failures + 1)
            )
            if counted.rowcount:
                failures = connection.execute(
                    select(_TABLE.c.failures).where(_TABLE.c.key == key)
                ).scalar_one()
            else:
                # No live counter: forget expired ones (this key's and others'), start one.
                connection.execute(delete(_TABLE).where(_TABLE.c.expires_at <= now))
                failures = 1
                connection.execute(
                    insert(_TABLE).values(
                        key=key, failures=1, locked_until=0.0, expires_at=now + policy.window
                    )
                )
            locked_until = now + policy.lock_seconds(failures)
            connection.execute(
                update(_TABLE)
                .where(_TABLE.c.key == key)
                .values(locked_until=locked_until, expires_at=now + policy.expiry_seconds(failures))
            )
        return locked_until

    def clear(self, key: str) -> None:
        """See :class:`~trestle.auth.throttling.ThrottleStore`."""
        with self._engine().begin() as connection:
            connection.execute(delete(_TABLE).where(_TABLE.c.key == key))
