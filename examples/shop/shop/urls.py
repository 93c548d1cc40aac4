"""The URLs of Trestle Shop: each app's pages, the API, the admin and a health check."""

from trestle import include, path
from trestle.health import health

urlpatterns = [
    # The catalogue is the home page: "/", "/products/", "/products/<slug>/"...
    path("", include("catalog.urls")),
    path("cart/", include("cart.urls")),
    # "/checkout/", "/orders/", "/orders/<id>/"
    path("", include("orders.urls")),
    # Sign-up and the account page; trestle.auth's own pages (log in, password reset,
    # two-factor) are under /accounts/ too (AUTH_URL_PREFIX).
    path("accounts/", include("accounts.urls")),
    path("api/", include("api.urls")),
    path("admin/", include("trestle.admin.urls")),
    # 200 when the database answers, 503 when not: for load balancers.
    path("healthz", health, name="health"),
]
