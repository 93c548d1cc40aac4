"""The accounts app's configuration: its name, and code to run at start-up."""

from trestle.apps import AppConfig


class AccountsConfig(AppConfig):
    """The accounts app."""

    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        """Runs once every installed app is loaded: connect signals, warm caches..."""
