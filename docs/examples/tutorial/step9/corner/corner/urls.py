"""The URLs of the Corner Shop: each path() routes a URL to a view."""

from trestle import include, path
from trestle.health import health

urlpatterns = [
    # The store app's pages, from the home page down.
    path("", include("store.urls")),
    # Its JSON API, and the API's documentation at /api/docs.
    path("api/", include("store.api")),
    # 200 when the database answers, 503 when not: for load balancers.
    path("healthz", health, name="health"),
    path("admin/", include("trestle.admin.urls")),
]
