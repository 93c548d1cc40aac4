"""Flash messages: a line of feedback ("Saved.") shown once, on the next page the user sees.

::

    from trestle import messages

    messages.install(app)           # or MIDDLEWARE: "trestle.messages.MessagesMiddleware"

    @app.post("/posts")
    def create(request):
        ...
        messages.success(request, "Your post is published.")
        return RedirectResponse("/posts", 303)

Templates show them with ``{% for message in messages %}`` (``trestle/base.html`` does).
"""

from trestle.messages.api import add_message as add_message
from trestle.messages.api import debug as debug
from trestle.messages.api import error as error
from trestle.messages.api import get_messages as get_messages
from trestle.messages.api import info as info
from trestle.messages.api import success as success
from trestle.messages.api import warning as warning
from trestle.messages.levels import DEBUG as DEBUG
from trestle.messages.levels import ERROR as ERROR
from trestle.messages.levels import INFO as INFO
from trestle.messages.levels import SUCCESS as SUCCESS
from trestle.messages.levels import WARNING as WARNING
from trestle.messages.levels import Message as Message
from trestle.messages.middleware import MessagesMiddleware as MessagesMiddleware
from trestle.messages.middleware import install as install
from trestle.messages.storage import MessagesError as MessagesError
from trestle.messages.storage import MessageStore as MessageStore

__all__ = [
    "DEBUG",
    "ERROR",
    "INFO",
    "SUCCESS",
    "WARNING",
    "Message",
    "MessageStore",
    "MessagesError",
    "MessagesMiddleware",
    "add_message",
    "debug",
    "error",
    "get_messages",
    "info",
    "install",
    "success",
    "warning",
]
