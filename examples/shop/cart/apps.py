"""The cart app's configuration."""

from typing import Any

from trestle.apps import AppConfig


class CartConfig(AppConfig):
    """The cart app."""

    label = "cart"
    verbose_name = "Cart"

    def install(self, app: Any) -> None:
        """SCAFFOLD: the cart size shown in every page's header."""
        from trestle.templating import Templates

        Templates.for_project(app).add_global("cart_size", lambda request: 0)
