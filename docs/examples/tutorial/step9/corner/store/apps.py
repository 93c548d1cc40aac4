"""The store app's configuration: its name, and what it adds to the web app."""

from trestle import App
from trestle.apps import AppConfig

from .money import pounds


class StoreConfig(AppConfig):
    """The store app."""

    label = "store"
    verbose_name = "Store"

    def install(self, app: App) -> None:
        """Give every template the `pounds` filter: {{ item.price_pence | pounds }}."""
        app.extensions["templates"].add_filter("pounds", pounds)
