"""A one-file Trestle app: run it with ``trestle runserver examples.hello:app``.

Open http://127.0.0.1:8000/ and follow the links: an HTML page, a JSON greeting that takes
a name from the path, a form that posts back, and a class-based view.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import quote, unquote

from trestle import App, JSONResponse, Request, View

app = App()

_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title></head>
<body>
<h1>{title}</h1>
{body}
</body>
</html>
"""


def page(title: str, body: str) -> str:
    """A minimal HTML page; ``body`` must already be escaped."""
    return _PAGE.format(title=escape(title), body=body)


@app.get("/")
def index() -> str:
    """The home page: links to everything else."""
    return page(
        "Hello from Trestle",
        """<ul>
<li><a href="/hello/World">/hello/World</a>: a JSON greeting (try another name)</li>
<li><a href="/greet">/greet</a>: a form that posts back to the same page</li>
<li><a href="/clock">/clock</a>: a class-based view; GET shows the time, and POST
keeps a time zone label in a cookie:
<form method="post" action="/clock">
<input name="tz" placeholder="Europe/Paris"> <button>Keep it</button>
</form></li>
</ul>""",
    )


@app.get("/hello/<name>")
def hello(name: str) -> dict[str, str]:
    """A dict becomes a JSON response; ``name`` comes from the path."""
    return {"greeting": f"Hello, {name}."}


_FORM = """<form method="post">
<label>Your name <input name="name" value="{name}" required></label>
<button>Greet me</button>
</form>
<p><a href="/">Home</a></p>"""


@app.route("/greet", methods=["GET", "POST"])
def greet(request: Request) -> str:
    """GET shows the form; POST reads the submitted field and answers on the same page."""
    if request.method == "POST":
        name = (request.form.get("name") or "").strip() or "stranger"
        return page(f"Hello, {name}!", _FORM.format(name=escape(name)))
    return page("Who are you?", _FORM.format(name=""))


class Clock(View):
    """A class-based view: one method per HTTP verb, a fresh instance per request."""

    def get(self, request: Request) -> dict[str, Any]:
        """The time now (UTC), and the time zone label kept in the ``tz`` cookie."""
        label = unquote(request.cookies.get("tz", "UTC"))
        return {"now": datetime.now(UTC).isoformat(), "tz": label}

    def post(self, request: Request) -> JSONResponse:
        """Remember the ``tz`` form field in a cookie; the next GET shows it."""
        label = request.form.get("tz") or "UTC"
        response = JSONResponse({"saved": label})
        # Cookie values allow only a few characters (no spaces, no accents): quote the label.
        response.set_cookie("tz", quote(label))
        return response


app.route("/clock")(Clock)
