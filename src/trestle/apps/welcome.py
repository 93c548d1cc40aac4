"""The page a new project shows at ``/`` until its own home page replaces it."""

from __future__ import annotations

from html import escape

from trestle.http.request import Request
from trestle.http.response import HTMLResponse

#: Where Trestle's documentation is published.
DOCS_URL = "https://trestle.dev/docs/"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Welcome to {project}</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto;
         padding: 0 1rem; line-height: 1.5; color: #1f2933; }}
  h1 {{ font-size: 2rem; margin-bottom: .25rem; }}
  .lead {{ color: #52606d; margin-top: 0; }}
  nav a {{ display: inline-block; margin: 1rem 1rem 1rem 0; padding: .6rem 1rem;
           border: 1px solid #9aa5b1; border-radius: .4rem; text-decoration: none; }}
  code {{ background: #f0f4f8; padding: .1rem .3rem; border-radius: .2rem; }}
  footer {{ color: #7b8794; font-size: .9rem; margin-top: 3rem; }}
</style>
</head>
<body>
<main>
<h1>{project} is running</h1>
<p class="lead">Your Trestle project works. This page shows because
<code>{urlconf}</code> routes <code>/</code> to Trestle's welcome page.</p>
<nav>
{admin}
<a id="docs" href="{docs}">Read the documentation</a>
</nav>
<h2>Next steps</h2>
<ol>
<li>Make an app: <code>python manage.py startapp blog</code></li>
<li>Add it to <code>INSTALLED_APPS</code> and its URLs to <code>{urlconf}</code></li>
<li>Replace this page: route <code>/</code> to a view of your own</li>
</ol>
</main>
<footer>Trestle {version}{debug}</footer>
</body>
</html>
"""


def welcome(request: Request) -> HTMLResponse:
    """Trestle's welcome page: the project is running; links to the admin and the docs."""
    from trestle import __version__

    app = request.app
    settings = app.settings
    urlconf = settings.ROOT_URLCONF or "urls.py"
    project = urlconf.partition(".")[0] if settings.ROOT_URLCONF else "Your project"
    apps = app.extensions.get("apps")
    if apps is not None and apps.is_installed("trestle.admin"):
        admin = f'<a id="admin" href="{escape(_admin_url(request))}">Open the admin</a>'
    else:
        admin = "<p>Add <code>trestle.admin</code> to INSTALLED_APPS for the admin site.</p>"
    page = _PAGE.format(
        project=escape(project),
        urlconf=escape(urlconf),
        admin=admin,
        docs=escape(DOCS_URL),
        version=escape(__version__),
        debug=" · DEBUG is on: never in production" if settings.DEBUG else "",
    )
    return HTMLResponse(page)


def _admin_url(request: Request) -> str:
    try:
        return request.url_for("admin:index")
    except Exception:  # the admin's URLs are not included (yet)
        return request.root_path + "/admin/"
