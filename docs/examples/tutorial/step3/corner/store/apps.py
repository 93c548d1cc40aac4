"""The store app's configuration: its name, and code to run at start-up."""

from trestle.apps import AppConfig


class StoreConfig(AppConfig):
    """The store app."""

    label = "store"
    verbose_name = "Store"

    def ready(self) -> None:
        """Runs once every installed app is loaded: connect signals, warm caches..."""
