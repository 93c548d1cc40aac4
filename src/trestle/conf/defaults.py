"""Trestle's default settings, in sections. Every setting a project may change is listed here.

An environment variable ``TRESTLE_<NAME>`` overrides the setting ``<NAME>`` (for example
``TRESTLE_DEBUG=1``); a few well-known names are also read without the prefix
(``SECRET_KEY``).
"""

# -- Core -----------------------------------------------------------------------------------

#: Show tracebacks and local variables on error pages. Never on in production.
DEBUG = False

#: The key that will sign sessions, tokens and cookies (the batteries that sign come later).
SECRET_KEY = ""

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
