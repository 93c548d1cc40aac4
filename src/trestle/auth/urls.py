"""The auth pages' routes; ``Auth.install`` mounts them under ``AUTH_URL_PREFIX`` as ``auth:``.

To mount them yourself, set ``AUTH_URL_PREFIX = ""`` and include this module::

    urlpatterns = [path("account/", include("trestle.auth.urls"))]
"""

from trestle.auth import views
from trestle.routing.urlconf import path

app_name = "auth"

urlpatterns = [
    path("login/", views.login_view, name="login", methods=["GET", "POST"]),
    path("logout/", views.logout_view, name="logout", methods=["POST"]),
    path(
        "login/two-factor/",
        views.two_factor_verify_view,
        name="two_factor_verify",
        methods=["GET", "POST"],
    ),
    path(
        "password/change/",
        views.password_change_view,
        name="password_change",
        methods=["GET", "POST"],
    ),
    path(
        "password/reset/",
        views.password_reset_view,
        name="password_reset",
        methods=["GET", "POST"],
    ),
    path("password/reset/sent/", views.password_reset_sent_view, name="password_reset_sent"),
    path(
        "password/reset/new/",
        views.password_reset_set_view,
        name="password_reset_set",
        methods=["GET", "POST"],
    ),
    path(
        "password/reset/<str:token>/",
        views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("two-factor/", views.two_factor_view, name="two_factor"),
    path(
        "two-factor/enable/",
        views.two_factor_enable_view,
        name="two_factor_enable",
        methods=["GET", "POST"],
    ),
    path(
        "two-factor/disable/",
        views.two_factor_disable_view,
        name="two_factor_disable",
        methods=["POST"],
    ),
    path(
        "two-factor/recovery-codes/",
        views.recovery_codes_view,
        name="two_factor_recovery_codes",
        methods=["POST"],
    ),
]
