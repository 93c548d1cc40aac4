"""JSON errors for the API: a browser that opens an API URL gets problem details, not a page."""

from trestle import Request
from trestle.errors.pages import errors_as_json


class APIErrorsAsJSON:
    """Marks the requests under ``prefix`` (except the HTML pages under ``pages``) for JSON errors.

    Trestle answers errors in the format the client prefers, so a browser would get an HTML
    page for a 401 or a 404 of the API. Under the API's prefix every error is JSON instead:
    unknown paths, wrong methods and invalid inputs included. The token pages are for
    people, and keep their HTML errors.
    """

    def __init__(self, prefix: str, pages: tuple[str, ...] = ()) -> None:
        self.prefix = prefix
        self.pages = pages

    def before_request(self, request: Request) -> None:
        """Mark the request when its path is the API's."""
        path = request.path
        if path.startswith(self.prefix) and not path.startswith(self.pages):
            errors_as_json(request)
