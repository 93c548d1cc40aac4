"""The cart app's configuration: the header's item count and the merge at login."""

from trestle import App, Request
from trestle.apps import AppConfig


def cart_size(request: Request) -> int:
    """How many items the request's cart holds (the header shows it on every page)."""
    from cart.cart import Cart

    return Cart.of(request).count()


class CartConfig(AppConfig):
    """The cart app: in the session while logged out, saved to the account at login."""

    label = "cart"
    verbose_name = "Cart"

    def install(self, app: App) -> None:
        """Register ``cart_size(request)`` for templates and the login hook that merges carts."""
        from cart.merge import merge_session_cart
        from trestle.auth import Auth
        from trestle.templating import Templates

        Templates.for_project(app).add_global("cart_size", cart_size)
        Auth.of(app).on_login(merge_session_cart)
