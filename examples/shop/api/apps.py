"""The api app's configuration: its name, and code to run at start-up."""

from trestle.apps import AppConfig


class ApiConfig(AppConfig):
    """The api app."""

    label = "api"
    verbose_name = "Api"

    def ready(self) -> None:
        """Runs once every installed app is loaded: connect signals, warm caches..."""
