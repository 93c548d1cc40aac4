"""At login, the visitor's cart joins the customer's saved cart."""

from typing import Any

from cart.cart import Cart, DatabaseStore, SessionStore
from trestle import Request


def merge_session_cart(request: Request, user: Any) -> None:
    """Add the session's cart into the user's CartItem rows (capped at stock), then drop it.

    A login hook (``Auth.on_login``): it runs in the login's request, once the session is
    the user's. It uses a database session of its own, so it works whether the login came
    from a ``def`` view or through ``alogin`` in an ``async def`` one.
    """
    visitor = SessionStore(request.session)
    quantities = visitor.load()
    if not quantities:
        visitor.clear()  # whatever was there was not a cart
        return
    with request.app.extensions["db"].session() as db:
        notices = Cart(DatabaseStore(db, user.pk), db).merge(quantities)
    visitor.clear()
    if notices and "messages" in request.app.extensions:
        from trestle import messages

        for notice in notices:
            messages.warning(request, notice)
