"""How often the shop mails verification links: a few per address, a few more per client.

Without a limit, "send the link again" would let anyone fill a stranger's inbox, and the
sign-up form would let one client make accounts without end. The counters live in the
store that throttles logins (the database or Redis, shared by every worker), under keys of
their own; a sent mail counts like a failed login there, so the same backoff applies.
"""

import hashlib
import time
from typing import Any

from trestle import Request
from trestle.auth import Auth
from trestle.auth.throttling import ThrottlePolicy, address_key

#: Links mailed to one address: 3 an hour, then a wait that doubles up to a day.
PER_ADDRESS = ThrottlePolicy(limit=3, lockout=15 * 60, max_lockout=24 * 3600, window=3600)
#: Mails (sign-ups and resends) asked for by one client: 10 an hour.
PER_CLIENT = ThrottlePolicy(limit=10, lockout=15 * 60, max_lockout=24 * 3600, window=3600)


def _email_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    return f"shop-verify-mail:{digest}"


def _client_key(request: Request) -> str | None:
    client = request.client
    key = address_key(client[0] if client else None)
    return f"shop-verify-client:{key}" if key else None


def _store(request: Request) -> Any:
    return Auth.of(request.app).throttle.store


def client_wait(request: Request) -> float:
    """Seconds this client must wait before the shop mails anything for it (0: go ahead)."""
    key = _client_key(request)
    if key is None:
        return 0.0
    now = time.time()
    return max(0.0, _store(request).locked_until([key], now) - now)


def may_mail(request: Request, email: str) -> bool:
    """Whether a link may go to ``email`` now, for this client."""
    keys = [_email_key(email)]
    client = _client_key(request)
    if client is not None:
        keys.append(client)
    now = time.time()
    return bool(_store(request).locked_until(keys, now) <= now)


def count_mail(request: Request, email: str) -> None:
    """Record a link mailed to ``email`` for this client."""
    store, now = _store(request), time.time()
    store.add_failure(_email_key(email), PER_ADDRESS, now)
    client = _client_key(request)
    if client is not None:
        store.add_failure(client, PER_CLIENT, now)
