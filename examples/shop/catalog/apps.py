"""The catalog app's configuration: its name, and code to run at start-up."""

from trestle.apps import AppConfig


class CatalogConfig(AppConfig):
    """The catalog app."""

    label = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        """Runs once every installed app is loaded: connect signals, warm caches..."""
