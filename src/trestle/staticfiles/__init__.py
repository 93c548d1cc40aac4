"""Static files: served from each app's ``static/`` in development, collected for production.

::

    from trestle.staticfiles import StaticFiles

    static = StaticFiles(app, ["static"])   # serves /static/..., gives templates static()
    static.url("css/site.css")              # "/static/css/site.css" (hashed once collected)
"""

from trestle.staticfiles.collect import CollectError as CollectError
from trestle.staticfiles.collect import CollectResult as CollectResult
from trestle.staticfiles.collect import collect_static as collect_static
from trestle.staticfiles.collect import collect_static_for as collect_static_for
from trestle.staticfiles.install import StaticFiles as StaticFiles
from trestle.staticfiles.urls import StaticURLs as StaticURLs

__all__ = [
    "CollectError",
    "CollectResult",
    "StaticFiles",
    "StaticURLs",
    "collect_static",
    "collect_static_for",
]
