"""The messages middleware: gives each request its message store and writes the cookie back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trestle.messages.storage import MessagesConfig, RequestMessageStore

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.http.request import Request
    from trestle.http.response import Response


class MessagesMiddleware:
    """Attach ``request``'s message store (``request.messages``); write its cookie back.

    The store keeps the messages in the session when the request has one (whatever the
    order of the two middleware), else in a signed cookie. ``install(app)`` adds it.
    """

    def before_request(self, request: Request) -> None:
        # PERF: the store decides nothing and reads nothing until a view or template uses it.
        request.attach("messages", RequestMessageStore(request, MessagesConfig.of(request.app)))

    def after_request(self, request: Request, response: Response) -> None:
        store = request.attached("messages")
        if isinstance(store, RequestMessageStore):
            store.save(response)


def install(app: App) -> MessagesMiddleware:
    """Add flash messages to ``app``: the middleware, checked settings, ``app.extensions``.

    A bad MESSAGES_LEVEL or a missing SECRET_KEY (the cookie is signed; the sessions
    battery needs one too) is reported here, at start-up, not at the first message.
    """
    from trestle.conf.settings import SettingsError

    found = app.extensions.get("messages")
    if found is not None:
        return found  # type: ignore[no-any-return]
    MessagesConfig.of(app)
    if not app.settings.SECRET_KEY:
        raise SettingsError(
            "flash messages are kept in a signed cookie (or in the session, whose cookie is "
            "signed too), which needs SECRET_KEY: set it in the settings or the SECRET_KEY "
            "environment variable",
            setting="SECRET_KEY",
        )
    middleware = MessagesMiddleware()
    app.add_middleware(middleware)
    app.extensions["messages"] = middleware
    return middleware
