"""The api app's configuration: JSON errors for every request under the API's prefix."""

from trestle import App
from trestle.apps import AppConfig


class ApiConfig(AppConfig):
    """The api app: the JSON API under /api/, its docs, and the page that makes tokens."""

    label = "api"
    verbose_name = "API"

    def install(self, app: App) -> None:
        """Answer the API's errors as problem details, also to browsers."""
        from .middleware import APIErrorsAsJSON
        from .urls import MOUNT, PAGES

        app.add_middleware(APIErrorsAsJSON(MOUNT, PAGES))
