"""Trestle's default settings, in sections. Every setting a project may change is listed here.

An environment variable ``TRESTLE_<NAME>`` overrides the setting ``<NAME>`` (for example
``TRESTLE_DEBUG=1``); a few well-known names are also read without the prefix
(``SECRET_KEY``).
"""

# -- Core -----------------------------------------------------------------------------------

#: Show tracebacks and local variables on error pages. Never on in production.
DEBUG = False

#: The key that signs sessions, tokens and cookies (trestle.signing). Keep it secret.
SECRET_KEY = ""

#: Former secret keys: values they signed still verify, so a key can be rotated without
#: logging everyone out. New values are always signed with SECRET_KEY.
SECRET_KEY_FALLBACKS: list[str] = []

# -- Routing --------------------------------------------------------------------------------

#: When a path has no route but the same path with (or without) a trailing slash has one,
#: redirect to it: 301 for GET and HEAD, 308 (which keeps the method and body) otherwise.
REDIRECT_SLASHES = True

# -- Proxies --------------------------------------------------------------------------------

#: Addresses or networks of reverse proxies whose X-Forwarded-For/-Proto/-Host headers are
#: believed. Empty: those headers are ignored, since any client can send them.
TRUSTED_PROXIES: list[str] = []

# -- Request limits -------------------------------------------------------------------------

#: The largest request body accepted, in bytes; a larger one gets 413 before it is read.
REQUEST_MAX_BODY_SIZE = 10 * 1024 * 1024

#: The most fields a form (urlencoded or multipart) may have: 413 past it.
REQUEST_MAX_FORM_FIELDS = 1000

#: The most files one multipart form may upload: 413 past it.
REQUEST_MAX_FORM_FILES = 100

#: The largest non-file multipart field, in bytes: 413 past it.
REQUEST_MAX_FORM_PART_SIZE = 1024 * 1024

#: The most parameters a query string may have: 413 past it.
REQUEST_MAX_QUERY_FIELDS = 1000

#: Uploads and ASGI bodies stay in memory up to this size, then go to a temporary file.
REQUEST_SPOOL_SIZE = 1024 * 1024

# -- Project (the app registry, trestle.apps) -----------------------------------------------

#: The project's root folder; relative paths in settings (the SQLite file, template and
#: static folders) are taken from here. Empty: the current directory.
BASE_DIR = ""

#: The apps of the project, in order: dotted module paths (``"blog"``, ``"trestle.auth"``).
INSTALLED_APPS: list[str] = []

#: Middleware for a project app, outermost first: dotted paths to classes or instances.
MIDDLEWARE: list[str] = []

#: The module whose ``urlpatterns`` are the project's routes (``"mysite.urls"``).
ROOT_URLCONF = ""

#: Host names this site answers to; see the security section.
ALLOWED_HOSTS: list[str] = []

#: The time zone dates are shown in.
TIME_ZONE = "UTC"

#: A logging.config.dictConfig dictionary; empty: Trestle's default (one line per request).
LOGGING: dict[str, object] = {}

# -- Databases (trestle.db) -----------------------------------------------------------------

#: Named databases: ``{"default": {"URL": "postgresql://..."}, "other": {...}}``. Each entry
#: takes ``URL``, and optionally ``ASYNC_URL`` (default: the URL with the async driver),
#: ``TIMEOUT`` (seconds: connect timeout, or SQLite's busy timeout; default 5) and
#: ``OPTIONS`` (arguments for ``sqlalchemy.create_engine``). Plain URLs are fine: Trestle
#: picks psycopg 3 / asyncpg for ``postgresql://``, PyMySQL for ``mysql://`` and
#: ``mariadb://``, aiosqlite for async SQLite. Empty: ``DATABASE_URL``, or else SQLite in
#: ``BASE_DIR/db.sqlite3``.
DATABASES: dict[str, object] = {}

#: The default database as one URL (``postgresql://user@host/db``, ``sqlite:///db.sqlite3``);
#: wins over ``DATABASES["default"]["URL"]``, so a deployment can set it in the environment.
DATABASE_URL = ""

#: N+1 detection: what to do when one request runs the same query shape
#: ``DATABASE_REPEATED_QUERY_LIMIT`` times or more. ``"warn"`` (a RepeatedQueryWarning),
#: ``"error"`` (the request fails with a 500 naming the query), ``"off"``, or ``"auto"``:
#: warn when DEBUG is on or under pytest, off otherwise (then it costs nothing).
DATABASE_REPEATED_QUERIES = "auto"

#: How many runs of one query shape in one request count as repeated (at least 2).
DATABASE_REPEATED_QUERY_LIMIT = 10

# -- Templates (trestle.templating) ---------------------------------------------------------

#: Jinja2 templates: ``{"DIRS": ["templates"], "APP_DIRS": True, "OPTIONS": {}}``.
#: DIRS are searched first (relative to BASE_DIR), then each installed app's ``templates/``
#: (unless APP_DIRS is false), then Trestle's own (``trestle/base.html``, the form macros).
#: OPTIONS go to ``jinja2.Environment`` (``extensions``, ``undefined``, ``trim_blocks``...).
#: Autoescaping is on for .html, .htm, .xml and .svg; templates reload when they change
#: with DEBUG, and their compiled code is cached on disk without it.
TEMPLATES: dict[str, object] = {}

# -- Static files (trestle.staticfiles) -----------------------------------------------------

#: The URL prefix static files are served under (a full URL for a CDN: nothing is served then).
STATIC_URL = "/static/"

#: Where ``trestle collectstatic`` copies static files for production, with content-hashed
#: names, a manifest and compressed copies; served from there when DEBUG is off.
STATIC_ROOT = ""

#: Folders of static files besides each app's ``static/``, searched first.
STATICFILES_DIRS: list[str] = []

#: Where uploaded files (the admin's file and image fields) are stored, relative to
#: BASE_DIR. Empty: uploads are refused with a clear error.
MEDIA_ROOT = ""

#: The URL prefix links to uploaded files start with (``"/media/"``).
MEDIA_URL = ""

# -- Messages (trestle.messages) -------------------------------------------------------------

#: Flash messages below this level are dropped: debug, info, success, warning or error.
MESSAGES_LEVEL = "info"

#: The cookie that carries flash messages when there are no sessions (signed with SECRET_KEY).
MESSAGES_COOKIE_NAME = "messages"

# -- Sessions (trestle.sessions) ------------------------------------------------------------

#: Where sessions are kept: "cookie" (signed, in the browser), "database" or "redis", or
#: "package.module:StoreClass" for a store of your own.
SESSION_ENGINE = "cookie"

#: The session cookie's name.
SESSION_COOKIE_NAME = "session"

#: How long the browser keeps the session cookie after it was last sent, in seconds;
#: 0: until the browser is closed.
SESSION_COOKIE_AGE = 14 * 24 * 3600

#: Always mark the session cookie Secure. Off, it is still Secure on HTTPS requests.
SESSION_COOKIE_SECURE = False

#: Hide the session cookie from JavaScript.
SESSION_COOKIE_HTTPONLY = True

#: "Lax", "Strict" or "None" (cross-site requests then carry it; it must be Secure).
SESSION_COOKIE_SAMESITE = "Lax"

#: The cookie's Domain ("example.com" shares it with subdomains); empty: this host only.
SESSION_COOKIE_DOMAIN = ""

#: The cookie's Path.
SESSION_COOKIE_PATH = "/"

#: A session unused for this many seconds ends; 0: no idle timeout.
SESSION_IDLE_TIMEOUT = 14 * 24 * 3600

#: A session ends this many seconds after it began, however active; 0: no absolute timeout.
SESSION_ABSOLUTE_TIMEOUT = 30 * 24 * 3600

#: The Redis server of the "redis" engine (``redis://host:6379/0``, ``rediss://`` for TLS).
SESSION_REDIS_URL = ""

#: The prefix of the "redis" engine's keys, so several sites can share one Redis.
SESSION_REDIS_PREFIX = "trestle:session:"

#: The database (a name in DATABASES) of the "database" engine.
SESSION_DATABASE = "default"

# -- Security: CSRF, headers, hosts (trestle.security) --------------------------------------

#: Keep the CSRF secret in the session when the sessions middleware runs before the CSRF
#: middleware (bound to the session); off, or without sessions: in a signed cookie.
CSRF_USE_SESSIONS = True

#: The form field that carries the CSRF token.
CSRF_FIELD_NAME = "csrf_token"

#: The header that carries the CSRF token for fetch() and other scripts.
CSRF_HEADER_NAME = "X-CSRF-Token"

#: The signed CSRF cookie (used when the secret is not in the session).
CSRF_COOKIE_NAME = "csrftoken"

#: How long a CSRF cookie stays valid, in seconds; 0: until the browser is closed.
CSRF_COOKIE_AGE = 365 * 24 * 3600

#: Always mark the CSRF cookie Secure. Off, it is still Secure on HTTPS requests.
CSRF_COOKIE_SECURE = False

#: The CSRF cookie's SameSite attribute.
CSRF_COOKIE_SAMESITE = "Lax"

#: The CSRF cookie's Domain; empty: this host only.
CSRF_COOKIE_DOMAIN = ""

#: The CSRF cookie's Path.
CSRF_COOKIE_PATH = "/"

#: Other origins whose pages may send unsafe requests here: "https://pay.example.com",
#: "https://*.example.com" (any subdomain).
CSRF_TRUSTED_ORIGINS: list[str] = []

#: Redirect plain-HTTP requests to HTTPS (301).
SECURE_SSL_REDIRECT = False

#: The host to redirect to for HTTPS; empty: the request's own host.
SECURE_SSL_HOST = ""

#: Strict-Transport-Security max-age for HTTPS responses, in seconds; 0: no HSTS header.
#: Start small, then use a year (31536000) once the whole site works over HTTPS.
SECURE_HSTS_SECONDS = 0

#: Add includeSubDomains to HSTS (every subdomain must then serve HTTPS).
SECURE_HSTS_INCLUDE_SUBDOMAINS = False

#: Add preload to HSTS (then submit the site to hstspreload.org; hard to undo).
SECURE_HSTS_PRELOAD = False

#: Send X-Content-Type-Options: nosniff (browsers then trust the declared content type).
SECURE_CONTENT_TYPE_NOSNIFF = True

#: The Referrer-Policy header; empty: none.
SECURE_REFERRER_POLICY = "same-origin"

#: The Cross-Origin-Opener-Policy header; empty: none.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

#: X-Frame-Options: "DENY", "SAMEORIGIN" or "" (none). The CSP's frame-ancestors says the
#: same to newer browsers.
X_FRAME_OPTIONS = "DENY"

#: The Permissions-Policy header: feature -> allowed origins ([] turns it off, ["self"]).
SECURE_PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

#: The Content-Security-Policy: directive -> sources. "'nonce'" stands for the request's
#: nonce when a page used one (``csp_nonce`` in templates). Empty: no header.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

#: A policy to try out: reported by browsers (report-to/report-uri), not enforced.
SECURE_CSP_REPORT_ONLY: dict[str, list[str]] = {}

# -- Users (trestle.auth) -------------------------------------------------------------------

#: The user model, as "app_label.ModelName": the default "auth.User", or a model of your own
#: derived from trestle.auth.models.AbstractUser (docs/auth.md, "A user model of your own").
AUTH_USER_MODEL = "auth.User"

#: Where the login, logout, password and two-factor pages are mounted (namespace "auth");
#: empty: not mounted (include trestle.auth.urls yourself).
AUTH_URL_PREFIX = "/accounts/"

#: Where login_required sends visitors who are not logged in (with ?next=<the page>).
LOGIN_URL = "/accounts/login/"

#: Where a login goes when the login page was not given a safe ``next``.
LOGIN_REDIRECT_URL = "/"

#: Where logging out goes.
LOGOUT_REDIRECT_URL = "/"

#: argon2id parameters (OWASP's recommendation: 19 MiB of memory, 2 passes, 1 lane).
#: Raise them and each password is rehashed at its owner's next login.
PASSWORD_ARGON2_TIME_COST = 2
PASSWORD_ARGON2_MEMORY_COST = 19 * 1024
PASSWORD_ARGON2_PARALLELISM = 1

#: What a new password must satisfy: validators by class name (those of
#: trestle.auth.validators) or dotted path, with their OPTIONS.
AUTH_PASSWORD_VALIDATORS: list[dict[str, object]] = [
    {"NAME": "UserAttributeSimilarityValidator"},
    {"NAME": "MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "CommonPasswordValidator"},
    {"NAME": "NumericPasswordValidator"},
]

#: How long a password-reset link works, in seconds (it also stops working once used).
PASSWORD_RESET_TIMEOUT = 3600

#: The address password-reset mail comes from; empty: DEFAULT_FROM_EMAIL.
PASSWORD_RESET_FROM_EMAIL = ""

#: Where the login throttle keeps its counters, shared by every worker: "database" (the
#: auth_login_attempt table), "redis", "memory" (one process only: tests), or
#: "package.module:StoreClass" (made with the app).
LOGIN_THROTTLE_STORE = "database"

#: The database (a name in DATABASES) of the "database" throttle store.
LOGIN_THROTTLE_DATABASE = "default"

#: The Redis server of the "redis" throttle store; empty: SESSION_REDIS_URL.
LOGIN_THROTTLE_REDIS_URL = ""

#: The prefix of the "redis" throttle store's keys.
LOGIN_THROTTLE_REDIS_PREFIX = "trestle:auth:throttle:"

#: Failed logins allowed for one username before it is locked.
LOGIN_THROTTLE_ACCOUNT_LIMIT = 5

#: Failed logins allowed from one address (an IPv6 /64) before it is locked.
LOGIN_THROTTLE_ADDRESS_LIMIT = 20

#: Seconds of the first lock; each further failure doubles it, up to the maximum.
LOGIN_THROTTLE_LOCKOUT = 60
LOGIN_THROTTLE_MAX_LOCKOUT = 3600

#: Failures are forgotten this many seconds after the last one.
LOGIN_THROTTLE_WINDOW = 900

#: The name authenticator apps show next to the account; empty: the site's host.
TWO_FACTOR_ISSUER = ""

#: TOTP codes of this many 30-second steps before or after now are accepted (clock drift).
TWO_FACTOR_WINDOW = 1

#: How many recovery codes a user gets when turning two-factor login on.
TWO_FACTOR_RECOVERY_CODES = 10

#: Seconds a user has to enter the code after the password was accepted.
TWO_FACTOR_LOGIN_TIMEOUT = 300

# -- Email (trestle.mail) -------------------------------------------------------------------

#: How mail is sent: "smtp", "console" (printed), "file" (EMAIL_FILE_PATH), "memory" (kept
#: for tests), or "package.module:Backend". Empty: "console" with DEBUG, else "smtp".
EMAIL_BACKEND = ""

#: The SMTP server.
EMAIL_HOST = "localhost"

#: The SMTP port: 25, 587 (STARTTLS, EMAIL_USE_TLS) or 465 (TLS, EMAIL_USE_SSL).
EMAIL_PORT = 25

#: The SMTP user name; empty: no login.
EMAIL_HOST_USER = ""

#: The SMTP password (from the environment: TRESTLE_EMAIL_HOST_PASSWORD).
EMAIL_HOST_PASSWORD = ""

#: Upgrade the SMTP connection with STARTTLS (port 587).
EMAIL_USE_TLS = False

#: Connect with TLS from the start (port 465).
EMAIL_USE_SSL = False

#: Seconds to wait for the SMTP server.
EMAIL_TIMEOUT = 10

#: A CA bundle to verify the SMTP server's certificate with; empty: the system's.
EMAIL_SSL_CAFILE = ""

#: The folder where the "file" backend writes one .eml file per message.
EMAIL_FILE_PATH = ""

#: The sender of messages that name none.
DEFAULT_FROM_EMAIL = "webmaster@localhost"

# -- HTTP APIs (trestle.api) ----------------------------------------------------------------
