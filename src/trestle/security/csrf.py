"""CSRF protection (OWASP CSRF Prevention Cheat Sheet): a secret per visitor, checked on writes.

The secret is 32 random bytes kept where the visitor's other state is:

- in the session (``request.session["_csrf_secret"]``, the synchroniser token pattern) when
  the sessions middleware runs before this one; it is bound to the session, so it ends with
  it, and :func:`rotate_csrf_token` (called at login) replaces it;
- otherwise in a cookie of its own, signed with SECRET_KEY (a signed double-submit cookie),
  which expires after ``CSRF_COOKIE_AGE``.

Pages embed a *masked* token (``mask + (secret XOR mask)``, new on every response, so the
secret never appears twice in compressed HTML: BREACH). A POST, PUT, PATCH or DELETE must send
it back in the ``csrf_token`` form field or the ``X-CSRF-Token`` header, and must not come from
another site: ``Sec-Fetch-Site: cross-site`` is refused, ``Origin`` must be this site or one of
``CSRF_TRUSTED_ORIGINS``, and on HTTPS a request without Origin needs a same-site Referer.

Not checked: safe methods, views marked :func:`csrf_exempt`, requests no view answers (a
404 or 405 of the router, which changes nothing), and requests carrying
``Authorization: Bearer …`` (a browser never adds that header by itself, so such a request
was not forged by another site: API clients authenticated by tokens need no CSRF token).
"""

from __future__ import annotations

import base64
import hmac
import logging
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from trestle import signing
from trestle.conf.settings import SettingsError
from trestle.http.exceptions import Forbidden

if TYPE_CHECKING:
    from trestle.conf.settings import Settings
    from trestle.http.request import Request
    from trestle.http.response import Response

F = TypeVar("F", bound=Callable[..., Any])
logger = logging.getLogger("trestle.security.csrf")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: Where the secret lives in the session.
SESSION_KEY = "_csrf_secret"
SALT = "trestle.csrf"
_SECRET_BYTES = 32
_TOKEN_LENGTH = 86  # base64url of mask + masked secret, 64 bytes, without padding
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}

#: What every CSRF refusal says outside DEBUG; the reason goes to the log.
PUBLIC_MESSAGE = (
    "This form could not be accepted because it did not come with this site's security "
    "token (CSRF check failed). Go back, reload the page and try again."
)


class CSRFError(Forbidden):
    """403: a CSRF check failed; ``reason`` says which (shown on the page under DEBUG)."""

    def __init__(self, reason: str, *, debug: bool = False) -> None:
        self.reason = reason
        detail = f"CSRF check failed: {reason}. {_HELP}" if debug else PUBLIC_MESSAGE
        super().__init__(detail)


_HELP = (
    "Forms must include {{ csrf_input }}, fetch() calls must send the token in the "
    "X-CSRF-Token header, and cross-origin senders must be listed in CSRF_TRUSTED_ORIGINS."
)


def csrf_exempt(view: F) -> F:
    """Mark a view as not needing a CSRF token (a webhook with its own signature check)."""
    view.csrf_exempt = True  # type: ignore[attr-defined]
    return view


def _is_exempt(view: Any) -> bool:
    # A View class's method is routed through a wrapper that names its class.
    return bool(
        getattr(view, "csrf_exempt", False)
        or getattr(getattr(view, "view_class", None), "csrf_exempt", False)
    )


# -- tokens ---------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        return None


def new_secret() -> str:
    """A fresh secret, as stored (base64url)."""
    return _b64(secrets.token_bytes(_SECRET_BYTES))


def mask(secret: str) -> str:
    """The secret as a page carries it: a new random mask each time (BREACH)."""
    raw = _unb64(secret) or b""
    pad = secrets.token_bytes(len(raw))
    return _b64(pad + bytes(a ^ b for a, b in zip(raw, pad, strict=True)))


def matches(token: str, secret: str) -> bool:
    """True when ``token`` is a masking of ``secret`` (compared in constant time)."""
    if len(token) != _TOKEN_LENGTH:
        return False
    raw = _unb64(token)
    expected = _unb64(secret)
    if raw is None or expected is None or len(raw) != 2 * _SECRET_BYTES:
        return False
    pad, masked = raw[:_SECRET_BYTES], raw[_SECRET_BYTES:]
    return hmac.compare_digest(bytes(a ^ b for a, b in zip(masked, pad, strict=True)), expected)


# -- configuration --------------------------------------------------------------------------


def _origin(scheme: str, host: str) -> str:
    """``scheme://host`` lower-cased, without the scheme's default port."""
    origin = f"{scheme}://{host}".lower()
    port = _DEFAULT_PORTS.get(scheme)
    return origin[: -len(port)] if port and origin.endswith(port) else origin


class CSRFConfig:
    """The CSRF settings, checked and prepared once."""

    def __init__(self, settings: Settings) -> None:
        self.debug = bool(settings.DEBUG)
        self.use_sessions = bool(settings.CSRF_USE_SESSIONS)
        self.field_name: str = settings.CSRF_FIELD_NAME
        self.header_name: str = settings.CSRF_HEADER_NAME.lower()
        self.cookie_name: str = settings.CSRF_COOKIE_NAME
        self.cookie_age: int = settings.CSRF_COOKIE_AGE
        samesite = settings.CSRF_COOKIE_SAMESITE or None
        if samesite not in (None, "Lax", "Strict", "None"):
            raise SettingsError(
                f"CSRF_COOKIE_SAMESITE must be 'Lax', 'Strict', 'None' or '', not {samesite!r}"
            )
        self.cookie_options: dict[str, Any] = {
            "max_age": self.cookie_age or None,
            "path": settings.CSRF_COOKIE_PATH or "/",
            "domain": settings.CSRF_COOKIE_DOMAIN or None,
            "secure": True if settings.CSRF_COOKIE_SECURE else None,
            "httponly": True,  # pages carry the token; scripts never need the cookie
            "samesite": samesite,
        }
        self.exact_origins: set[str] = set()
        self.origin_suffixes: list[tuple[str, str]] = []
        for origin in settings.CSRF_TRUSTED_ORIGINS:
            parts = urlsplit(origin) if isinstance(origin, str) else None
            if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
                raise SettingsError(
                    f"CSRF_TRUSTED_ORIGINS: {origin!r} is not an origin such as "
                    "'https://example.com' or 'https://*.example.com'"
                )
            if parts.netloc.startswith("*."):
                self.origin_suffixes.append((parts.scheme, parts.netloc[1:].lower()))
            else:
                self.exact_origins.add(_origin(parts.scheme, parts.netloc))
        self._key: str = settings.SECRET_KEY
        self._fallbacks = tuple(settings.SECRET_KEY_FALLBACKS)
        try:
            self.signer = signing.Signer(self._key, salt=SALT, fallback_keys=self._fallbacks)
        except ValueError as error:
            raise SettingsError(f"CSRF: {error}") from None

    def is_trusted(self, origin: str) -> bool:
        """True for an origin listed in CSRF_TRUSTED_ORIGINS."""
        if origin in self.exact_origins:
            return True
        scheme, _, host = origin.partition("://")
        return any(
            scheme == want_scheme and host.endswith(suffix)
            for want_scheme, suffix in self.origin_suffixes
        )


# -- per request ----------------------------------------------------------------------------


class CSRFState:
    """One request's CSRF secret, read (and made) on first use; attached as ``request.csrf``."""

    __slots__ = ("_cookie_secret", "_masked", "_request", "config", "issued", "session")

    def __init__(self, config: CSRFConfig, request: Request, session: Any) -> None:
        self.config = config
        self._request = request
        #: The session holding the secret, or None for the signed cookie.
        self.session = session
        self._cookie_secret: str | bool | None = False  # False: the cookie was not read yet
        self._masked: str | None = None
        #: True when this response must carry a new CSRF cookie.
        self.issued = False

    def current(self) -> tuple[str | None, str]:
        """The visitor's secret (None if there is none) and, if none, why."""
        if self.session is not None:
            secret = self.session.get(SESSION_KEY)
            if isinstance(secret, str):
                return secret, ""
            return None, "the session holds no CSRF secret (it is new, or it expired)"
        if self._cookie_secret is False:
            self._cookie_secret = None
            value = self._request.cookies.get(self.config.cookie_name)
            if not value:
                return None, "the CSRF cookie is missing"
            try:
                max_age = self.config.cookie_age or None
                self._cookie_secret = self.config.signer.unsign(value, max_age=max_age)
            except signing.SignatureExpired:
                return None, "the CSRF cookie has expired"
            except signing.BadSignature:
                return None, "the CSRF cookie is not one this site signed"
        secret = self._cookie_secret
        return (secret, "") if isinstance(secret, str) else (None, "the CSRF cookie is invalid")

    def secret(self) -> str:
        """The visitor's secret, made now if there is none."""
        secret, _ = self.current()
        return secret if secret is not None else self.replace()

    def replace(self) -> str:
        """A new secret for the visitor (old tokens stop working)."""
        secret = new_secret()
        if self.session is not None:
            self.session[SESSION_KEY] = secret
        else:
            self._cookie_secret = secret
        self.issued = True
        self._masked = None
        return secret

    def token(self) -> str:
        """The masked token this response's pages carry (one per response)."""
        if self._masked is None:
            self._masked = mask(self.secret())
            self.issued = True
        return self._masked


def _state(request: Request) -> CSRFState:
    state: CSRFState = request.attached("csrf", "trestle.security's CSRFMiddleware")
    return state


def csrf_token(request: Request) -> str:
    """The CSRF token to put in a form (``csrf_token`` field) or an ``X-CSRF-Token`` header."""
    return _state(request).token()


def rotate_csrf_token(request: Request) -> None:
    """Give the visitor a new CSRF secret (at login: a token seen before login stops working)."""
    _state(request).replace()


# -- the middleware -------------------------------------------------------------------------


class CSRFMiddleware:
    """Checks unsafe requests for a CSRF token and a same-site origin; see the module docstring.

    List it after SessionMiddleware so the secret lives in the session. Like the other
    middleware, ``CSRFMiddleware(app.settings)`` reads the settings at once; without them it
    reads the app's at the first request.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self._fixed = CSRFConfig(settings) if settings is not None else None
        self._configs: dict[Any, CSRFConfig] = {}

    def config(self, request: Request) -> CSRFConfig:
        """The configuration for the request's app."""
        if self._fixed is not None:
            return self._fixed
        app = request.app
        config = self._configs.get(app)
        if config is None:
            config = self._configs[app] = CSRFConfig(app.settings)
        return config

    def before_request(self, request: Request) -> None:
        config = self.config(request)
        session = (
            request.session if config.use_sessions and request.is_attached("session") else None
        )
        state = CSRFState(config, request, session)
        request.attach("csrf", state)
        if request.method in SAFE_METHODS:
            return
        endpoint = request.endpoint
        # Routing's own answers (404, 405, 501, a slash redirect) have no view: nothing runs
        # that a forged request could abuse, so the client gets that answer, not a 403.
        if endpoint is not None and (endpoint.view is None or _is_exempt(endpoint.view)):
            return
        authorization = request._header("authorization")
        if authorization and authorization[:7].lower() == "bearer ":
            return
        reason = check_request(request, state)
        if reason:
            logger.warning("Forbidden (CSRF): %s: %s %s", reason, request.method, request.path)
            raise CSRFError(reason, debug=config.debug)

    def after_request(self, request: Request, response: Response) -> None:
        state: CSRFState = request.attached("csrf")
        if not state.issued:
            return
        response.headers.add("Vary", "Cookie")
        if state.session is None:
            config = state.config
            secret = state._cookie_secret
            assert isinstance(secret, str)
            response.set_cookie(
                config.cookie_name, config.signer.sign(secret), **config.cookie_options
            )


def check_request(request: Request, state: CSRFState) -> str:
    """Why an unsafe request must be refused, or ``""`` when it passes."""
    config = state.config
    header = request._header
    own = _origin(request.scheme, request.host)
    origin = header("origin")
    if origin is not None:
        scheme, _, host = origin.partition("://")
        origin = _origin(scheme.lower(), host)
    if header("sec-fetch-site") == "cross-site" and not (origin and config.is_trusted(origin)):
        return "the browser says the request came from another site (Sec-Fetch-Site: cross-site)"
    if origin is not None:
        if origin != own and not config.is_trusted(origin):
            return f"the request came from the origin {origin!r}, not {own!r}"
    elif request.is_secure:
        # Without Origin on HTTPS, the Referer must show the request came from this site.
        referer = header("referer")
        if not referer:
            return "an HTTPS request with neither an Origin nor a Referer header"
        try:
            parts = urlsplit(referer)
            referer_origin = _origin(parts.scheme, parts.netloc)
        except ValueError:
            return "the Referer header is malformed"
        if parts.scheme != "https":
            return "the Referer of an HTTPS request is not HTTPS"
        if referer_origin != own and not config.is_trusted(referer_origin):
            return f"the request came from {referer_origin!r} (Referer), not {own!r}"
    token = header(config.header_name)
    if not token and request.content_type in _FORM_TYPES:
        token = request.form.get(config.field_name)
    if not token:
        return "the CSRF token is missing"
    secret, why = state.current()
    if secret is None:
        return why
    if not matches(token, secret):
        return "the CSRF token is incorrect"
    return ""
