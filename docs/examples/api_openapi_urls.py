from trestle import App, include, path
from trestle.api import openapi_urls


def ping() -> dict[str, bool]:
    """Is the service up?"""
    return {"pong": True}


urlpatterns = [
    path("ping", ping, name="ping"),
    path("api/", include(openapi_urls(title="Ping service", version="1.0"))),
]

app = App(urlpatterns=urlpatterns)
