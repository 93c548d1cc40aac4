"""The orders app's configuration: its name, and code to run at start-up."""

from trestle.apps import AppConfig


class OrdersConfig(AppConfig):
    """The orders app."""

    label = "orders"
    verbose_name = "Orders"

    def ready(self) -> None:
        """Runs once every installed app is loaded: connect signals, warm caches..."""
