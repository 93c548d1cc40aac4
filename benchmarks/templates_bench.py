"""Template rendering: a page with two levels of inheritance and a 100-row loop, served by
Trestle, Flask (Jinja2), Django (its own template language) and Django's Jinja2 backend, in
one run, each as a whole request called in-process (no server, no sockets).

    .venv/bin/python -m benchmarks.templates_bench            # about 40 seconds
    .venv/bin/python -m benchmarks.templates_bench --quick    # a smoke run, noisy numbers

The same page is written twice, once in Jinja2 and once in Django's language; both escape
every value (one row holds markup to prove it). Every target's answer is checked first: 200,
HTML, the same 100 rows. A second table times the render call alone (no request), to show
how much of a request is the template engine and how much the framework around it.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from time import perf_counter
from typing import Any

ROWS = [
    {
        "id": index,
        "name": f"Item <{index}>" if index == 7 else f"Item {index}",
        "email": f"user{index}@example.com",
        "score": index * 37 % 101,
        "active": index % 3 != 0,
    }
    for index in range(100)
]
CONTEXT = {"title": "Inventory", "rows": ROWS}

_HEAD = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    "<title>{% block title %}Site{% endblock %}</title></head>\n"
    '<body><header><a href="/">Site</a></header>\n'
    "<main>{% block main %}{% endblock %}</main>\n"
    "<footer>{% block footer %}&copy; Site{% endblock %}</footer></body></html>\n"
)
_SECTION = (
    '{% extends "base.html" %}\n'
    "{% block title %}{{ title }} - SUPER{% endblock %}\n"
    '{% block main %}<nav><a href="/a">A</a> <a href="/b">B</a></nav>\n'
    "<section>{% block content %}{% endblock %}</section>{% endblock %}\n"
)
_PAGE = (
    '{% extends "section.html" %}\n'
    "{% block content %}<h1>{{ title }}</h1>\n"
    "<table><thead><tr><th>#</th><th>Name</th><th>Email</th><th>Score</th><th>State</th>"
    "</tr></thead>\n<tbody>\n"
    '{% for row in rows %}<tr class="CYCLE"><td>{{ row.id }}</td><td>{{ row.name }}</td>'
    "<td>{{ row.email }}</td><td>{{ row.score }}</td>"
    "<td>{% if row.active %}active{% else %}archived{% endif %}</td></tr>\n"
    "{% endfor %}</tbody></table>\n{% endblock %}\n"
)
# The same pages in each language: only the parent block and the cycle are spelled apart.
JINJA = {
    "base.html": _HEAD,
    "section.html": _SECTION.replace("SUPER", "{{ super() }}"),
    "page.html": _PAGE.replace("CYCLE", "{{ loop.cycle('odd', 'even') }}"),
}
DJANGO = {
    "base.html": _HEAD,
    "section.html": _SECTION.replace("SUPER", "{{ block.super }}"),
    "page.html": _PAGE.replace("CYCLE", "{% cycle 'odd' 'even' %}"),
}


def write_templates() -> tuple[Path, Path]:
    root = Path(tempfile.mkdtemp(prefix="trestle-templates-bench-"))
    for folder, files in (("jinja", JINJA), ("django", DJANGO)):
        for name, text in files.items():
            (root / folder).mkdir(exist_ok=True)
            (root / folder / name).write_text(text)
    return root / "jinja", root / "django"


# -- the apps ---------------------------------------------------------------------------------


def trestle_app(jinja_dir: Path) -> Any:
    from trestle import App, Request
    from trestle.templating import Templates, render, render_async

    app = App({"DEBUG": False})
    Templates(app, directory=jinja_dir)

    @app.get("/page")
    def page(request: Request) -> Any:
        return render(request, "page.html", CONTEXT)

    @app.get("/page-async")
    async def page_async(request: Request) -> Any:
        return await render_async(request, "page.html", CONTEXT)

    return app


def flask_app(jinja_dir: Path) -> Any:
    from flask import Flask, render_template

    app = Flask(__name__, template_folder=str(jinja_dir))

    @app.get("/page")
    def page() -> str:
        return render_template("page.html", **CONTEXT)

    return app


urlpatterns: list[Any] = []  # Django's ROOT_URLCONF is this module


def django_app(jinja_dir: Path, django_dir: Path) -> Any:
    import django
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.shortcuts import render
    from django.urls import path

    settings.configure(
        DEBUG=False,
        SECRET_KEY="benchmark",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "NAME": "django",
                "DIRS": [str(django_dir)],
            },
            {
                "BACKEND": "django.template.backends.jinja2.Jinja2",
                "NAME": "jinja2",
                "DIRS": [str(jinja_dir)],
            },
        ],
    )
    django.setup()

    def dtl(request: Any) -> Any:
        return render(request, "page.html", CONTEXT, using="django")

    def jinja(request: Any) -> Any:
        return render(request, "page.html", CONTEXT, using="jinja2")

    urlpatterns[:] = [path("page", dtl), path("jinja", jinja)]
    return WSGIHandler()


# -- calling them -----------------------------------------------------------------------------


def _environ(path: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost:8000",
        "HTTP_ACCEPT": "text/html",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def wsgi_call(app: Any, path: str) -> Callable[[], tuple[int, bytes]]:
    base = _environ(path)

    def call() -> tuple[int, bytes]:
        status: list[str] = []
        environ = base.copy()
        environ["wsgi.input"] = BytesIO()
        result = app(environ, lambda s, h, e=None: status.append(s))
        body = b"".join(result)
        getattr(result, "close", lambda: None)()
        return int(status[0].split()[0]), body

    return call


def asgi_call(
    app: Any, path: str, loop: asyncio.AbstractEventLoop
) -> Callable[[], tuple[int, bytes]]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost:8000"), (b"accept", b"text/html")],
        "client": ("127.0.0.1", 50000),
        "server": ("localhost", 8000),
    }

    async def once() -> tuple[int, bytes]:
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await app(dict(scope), receive, send)
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])

    return lambda: loop.run_until_complete(once())


_ROW = re.compile(rb'<tr class="(?:odd|even)">.*?</tr>')


def check(name: str, status: int, body: bytes, reference: list[bytes] | None) -> list[bytes]:
    """The rows of a correct answer; SystemExit naming the target otherwise."""
    rows = _ROW.findall(body)
    if status != 200 or len(rows) != 100 or b"Item &lt;7&gt;" not in body:
        raise SystemExit(f"{name}: wrong answer (status {status}, {len(rows)} rows)")
    if reference is not None and rows != reference:
        raise SystemExit(f"{name}: the rows differ from Trestle's")
    return rows


def measure(call: Callable[[], Any], seconds: float, repeats: int) -> float:
    """The median time of one call, in microseconds."""
    iterations = 1
    while True:
        start = perf_counter()
        for _ in range(iterations):
            call()
        elapsed = perf_counter() - start
        if elapsed > seconds / 4:
            break
        iterations *= 2
    per_run = max(1, int(iterations * seconds / elapsed))
    samples = []
    for _ in range(repeats):
        start = perf_counter()
        for _ in range(per_run):
            call()
        samples.append((perf_counter() - start) / per_run * 1e6)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short run per target")
    parser.add_argument("--seconds", type=float, default=0.5, help="length of each timed run")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per target")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--check", action="store_true", help="check the answers, time nothing")
    args = parser.parse_args(argv)
    seconds, repeats = (0.1, 1) if args.quick else (args.seconds, args.repeats)

    jinja_dir, django_dir = write_templates()
    loop = asyncio.new_event_loop()
    trestle = trestle_app(jinja_dir)
    flask = flask_app(jinja_dir)
    django = django_app(jinja_dir, django_dir)
    requests: dict[str, Callable[[], tuple[int, bytes]]] = {
        "trestle (WSGI, render)": wsgi_call(trestle, "/page"),
        "trestle (ASGI, render_async)": asgi_call(trestle, "/page-async", loop),
        "flask (Jinja2)": wsgi_call(flask, "/page"),
        "django (Django templates)": wsgi_call(django, "/page"),
        "django (Jinja2 backend)": wsgi_call(django, "/jinja"),
    }
    reference = None
    for name, call in requests.items():
        status, body = call()
        reference = check(name, status, body, reference)
    if args.check:
        print(f"{len(requests)} targets answer the same 100 rows")
        return 0

    from django.template import loader as django_loader

    templates = trestle.extensions["templates"]
    jinja_page = templates.env.get_template("page.html")
    dtl_page = django_loader.get_template("page.html", using="django")
    django_jinja_page = django_loader.get_template("page.html", using="jinja2")
    renders: dict[str, Callable[[], Any]] = {
        "jinja2 Template.render (the floor)": lambda: jinja_page.render(CONTEXT),
        "trestle render_to_string": lambda: templates.render_to_string("page.html", CONTEXT),
        "django (Django templates)": lambda: dtl_page.render(CONTEXT),
        "django (Jinja2 backend)": lambda: django_jinja_page.render(CONTEXT),
    }
    for table, targets in (("whole request", requests), ("render only", renders)):
        results = {name: measure(call, seconds, repeats) for name, call in targets.items()}
        base = next(iter(results.values()))
        print(f"\n{table}: µs per page, and the ratio to the first row (>1: slower)")
        if args.markdown:
            print("\n| target | µs | ratio |\n| --- | ---: | ---: |")
        for name, micros in results.items():
            ratio = micros / base
            if args.markdown:
                print(f"| {name} | {micros:.1f} | {ratio:.2f} |")
            else:
                print(f"  {name:<38} {micros:8.1f} µs   x{ratio:.2f}")
    loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
