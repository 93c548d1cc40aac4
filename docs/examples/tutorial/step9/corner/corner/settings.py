"""Settings of corner.

Each setting below can also come from the environment, which wins over this file:
TRESTLE_<NAME> sets <NAME> (TRESTLE_DEBUG=0, TRESTLE_ALLOWED_HOSTS=example.com), and
SECRET_KEY and DATABASE_URL are read as they are. While you develop, you can keep them in a
.env file next to manage.py (see .env.example); never commit that file.

Every setting, explained: https://trestle.dev/docs/settings
"""

from pathlib import Path

# The project's folder (the one with manage.py). Relative paths in the settings below,
# like the SQLite file and the templates folder, start from here.
BASE_DIR = Path(__file__).resolve().parent.parent


# -- Development or production ----------------------------------------------------------

# DEBUG shows detailed error pages, with your code and its variables, and reloads
# templates as you edit them. Keep it on while you develop and OFF in production, where
# those pages would help an attacker: set TRESTLE_DEBUG=0 there.
DEBUG = True

# SECRET_KEY signs sessions, CSRF tokens and password-reset links: whoever knows it can
# forge them. This one was made at random for development when the project was created.
# In production, set the SECRET_KEY environment variable to a new random value
# (python -c "import secrets; print(secrets.token_urlsafe(50))"); Trestle refuses to
# start with the key below once DEBUG is off.
SECRET_KEY = "trestle-insecure-wfgBVpcOrsHLjTLLgVelc-3Ziry7mFziFHcnxuX2ZgBSzuAiGR0GLQ"

# The host names this site answers to. Requests for any other Host are refused, since a
# forged Host header could poison the links in pages and e-mails. In production, list
# your domain: TRESTLE_ALLOWED_HOSTS=example.com,www.example.com
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


# -- Apps -------------------------------------------------------------------------------

# The apps of the project, in order: Trestle's batteries, then your own. Make one with
# `python manage.py startapp blog`, then add "blog" here. The batteries add their own
# middleware in this order, so keep trestle.sessions before those that use the session.
INSTALLED_APPS = [
    "trestle.sessions",  # per-visitor data across requests
    "trestle.security",  # the ALLOWED_HOSTS check, security headers, CSRF protection
    "trestle.messages",  # one-time messages for the next page ("Saved!")
    "trestle.auth",  # users, passwords, logging in and out (pages under /accounts/)
    "trestle.staticfiles",  # CSS, JavaScript and images, under STATIC_URL
    "trestle.admin",  # the admin site
    "store",  # the Corner Shop's own app
]

# Middleware of your own runs around every view, outside the batteries' middleware. The
# first one is the outermost: it sees the request first and the response last.
MIDDLEWARE = [
    "trestle.logs.RequestLogMiddleware",  # one log line per request, with its duration
]

# The module with the project's URLs.
ROOT_URLCONF = "corner.urls"


# -- Database ---------------------------------------------------------------------------

# The databases, by name; "default" is the one models use unless told otherwise.
# SQLite needs no server, which suits development. In production, set DATABASE_URL:
# DATABASE_URL=postgresql://user:password@host/dbname (or mysql://, mariadb://)
DATABASES = {
    "default": {"URL": f"sqlite:///{BASE_DIR / 'db.sqlite3'}"},
}


# -- Templates and static files -----------------------------------------------------------

# Jinja2 templates are looked up in DIRS, then in each app's templates/ folder.
TEMPLATES = {"DIRS": [BASE_DIR / "templates"]}

# Static files are served under STATIC_URL. They are looked up in STATICFILES_DIRS and in
# each app's static/ folder; `python manage.py collectstatic` copies them all into
# STATIC_ROOT for production.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"


# -- Sessions, CSRF and HTTPS ----------------------------------------------------------

# Where sessions are kept: "cookie" (signed, in the browser: nothing to set up),
# "database", or "redis" (then set SESSION_REDIS_URL, e.g. redis://localhost:6379/0).
SESSION_ENGINE = "cookie"

# How long a visitor stays logged in without coming back, in seconds (two weeks).
SESSION_COOKIE_AGE = 14 * 24 * 3600

# Production serves the site over HTTPS: then send the session and CSRF cookies over
# HTTPS only (TRESTLE_SESSION_COOKIE_SECURE=1, TRESTLE_CSRF_COOKIE_SECURE=1).
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Other sites whose pages may post forms here, e.g. ["https://pay.example.com"].
CSRF_TRUSTED_ORIGINS = []

# Redirect http:// to https://, and tell browsers to use only HTTPS for this many
# seconds (HSTS). Turn them on once the site works over HTTPS: a year is 31536000.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

# Behind a reverse proxy (nginx, a load balancer), list its address so that the client's
# address and the https scheme it reports are believed: ["10.0.0.0/8"].
TRUSTED_PROXIES = []

# `python manage.py check --deploy` says which of these production still needs.


# -- Email ------------------------------------------------------------------------------

# How mail (password resets...) is sent. Empty: printed on the console while DEBUG is on,
# sent by SMTP otherwise; set the server in production with TRESTLE_EMAIL_HOST,
# TRESTLE_EMAIL_PORT, TRESTLE_EMAIL_HOST_USER and TRESTLE_EMAIL_HOST_PASSWORD.
EMAIL_BACKEND = ""
DEFAULT_FROM_EMAIL = "webmaster@localhost"


# -- Time and logging -------------------------------------------------------------------

TIME_ZONE = "UTC"

# Empty: one line per request and errors with their tracebacks, on standard error. Give
# a logging.config.dictConfig dictionary to log otherwise.
LOGGING = {}
