from trestle import App, path
from trestle.health import health, health_view


def payment_gateway() -> None:
    """Raise if the gateway is down; return when it answers."""


app = App(
    urlpatterns=[
        path("healthz", health),  # the databases and Redis servers of the settings
        path("healthz/full", health_view({"payments": payment_gateway})),  # plus your own
    ]
)
