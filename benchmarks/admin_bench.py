"""The admin's change list over 10,000 rows with a foreign key column: Trestle's admin and
Django's, on the same data, in one run, each page as a whole request called in-process.

    .venv/bin/python -m benchmarks.admin_bench            # about a minute
    .venv/bin/python -m benchmarks.admin_bench --quick    # a smoke run, noisy numbers

Both apps log a superuser in, keep the session in a signed cookie (Django's
``signed_cookies`` engine: no session query on either side), run with DEBUG off, and list
100 rows a page with the same columns (title, the author through the foreign key, a
boolean, a date, a decimal) and the same search field. Each answer is checked first: 200,
100 rows, the same first title on both sides.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from time import perf_counter
from typing import Any

ROWS = 10_000
AUTHORS = 100
PER_PAGE = 100


@dataclass(frozen=True)
class Case:
    """One change-list page, as each admin spells its query string."""

    name: str
    trestle: str
    django: str


CASES = [
    Case("first page", "", ""),
    Case("page 50, sorted by title", "o=title&page=50", "o=1&p=50"),
    Case('search "012" (120 matches)', "q=012", "q=012"),
]

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def rows() -> list[dict[str, Any]]:
    """The books: the same on both sides."""
    start = dt.date(2000, 1, 1)
    return [
        {
            "title": f"Book {index:05d}",
            "author_id": 1 + index % AUTHORS,
            "in_print": index % 3 != 0,
            "released": start + dt.timedelta(days=index),
            "price": Decimal(index % 5000) / 100,
        }
        for index in range(ROWS)
    ]


def call(app: WSGIApp, path: str, query: str, cookie: str) -> tuple[int, bytes]:
    """One GET through the WSGI interface; the status and the whole body."""
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "HTTP_ACCEPT": "text/html",
        "HTTP_COOKIE": cookie,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": BytesIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    status: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        status.append(line)
        return lambda data: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return int(status[0].split()[0]), body


def django_app(folder: Path, data: list[dict[str, Any]]) -> tuple[WSGIApp, str]:
    """Django's admin, configured in-process, with the rows and a logged-in superuser."""
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="benchmark-" + "k" * 40,
        ALLOWED_HOSTS=["localhost"],
        ROOT_URLCONF="benchmarks.admin_django",
        INSTALLED_APPS=[
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "benchmarks",
        ],
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(folder / "django.sqlite3"),
                "CONN_MAX_AGE": None,
            }
        },
        SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
        USE_TZ=True,
        STATIC_URL="/static/",
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    django.setup()
    from django.contrib.auth.models import User
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks.admin_django import BenchAuthor, BenchBook

    call_command("migrate", verbosity=0)
    with connection.schema_editor() as editor:  # the models' app has no migrations
        editor.create_model(BenchAuthor)
        editor.create_model(BenchBook)
    BenchAuthor.objects.bulk_create(BenchAuthor(name=f"Author {n}") for n in range(AUTHORS))
    BenchBook.objects.bulk_create((BenchBook(**row) for row in data), batch_size=1000)
    user = User.objects.create_superuser("admin", "admin@example.com", "benchmark-password")
    client = Client()
    client.force_login(user)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    return WSGIHandler(), cookie


def trestle_app(folder: Path, data: list[dict[str, Any]]) -> tuple[WSGIApp, str]:
    """Trestle's admin with the same rows and a logged-in superuser."""
    from benchmarks.admin_trestle import make_app

    return make_app(folder, data, AUTHORS)  # type: ignore[no-any-return]


_TITLE = re.compile(rb"Book \d{5}")


def check(name: str, status: int, body: bytes, marker: bytes) -> bytes:
    """200 and a full page; returns the first title shown."""
    if status != 200:
        raise SystemExit(f"{name}: status {status}\n{body[:800].decode(errors='replace')}")
    found = body.count(marker)
    if found != PER_PAGE:
        raise SystemExit(f"{name}: {found} rows, not {PER_PAGE}")
    first = _TITLE.search(body)
    return first.group(0) if first else b""


def measure(run: Callable[[], Any], iterations: int, repeats: int) -> float:
    """The median time of one call, in milliseconds."""
    for _ in range(3):
        run()
    samples = []
    for _ in range(repeats):
        started = perf_counter()
        for _ in range(iterations):
            run()
        samples.append((perf_counter() - started) / iterations)
    return statistics.median(samples) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run (noisy numbers)")
    options = parser.parse_args(argv)
    iterations, repeats = (3, 1) if options.quick else (30, 5)
    data = rows()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        trestle, trestle_cookie = trestle_app(folder, data)
        django, django_cookie = django_app(folder, data)
        print(f"Change list of {ROWS:,} books ({AUTHORS} authors), {PER_PAGE} rows a page")
        print(f"{'page':<28}{'trestle ms':>12}{'django ms':>12}{'django / trestle':>18}")
        for case in CASES:

            def trestle_page(case: Case = case) -> tuple[int, bytes]:
                return call(trestle, "/admin/benchadmin/bench_book/", case.trestle, trestle_cookie)

            def django_page(case: Case = case) -> tuple[int, bytes]:
                return call(django, "/admin/benchmarks/benchbook/", case.django, django_cookie)

            ours = check(f"trestle {case.name}", *trestle_page(), b'name="_selected"')
            theirs = check(f"django {case.name}", *django_page(), b'name="_selected_action"')
            if ours != theirs:
                raise SystemExit(f"{case.name}: the first rows differ ({ours!r}, {theirs!r})")
            trestle_ms = measure(trestle_page, iterations, repeats)
            django_ms = measure(django_page, iterations, repeats)
            ratio = django_ms / trestle_ms
            print(f"{case.name:<28}{trestle_ms:>12.2f}{django_ms:>12.2f}{ratio:>17.2f}x")


if __name__ == "__main__":
    main()
