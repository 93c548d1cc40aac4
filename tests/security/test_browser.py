"""In headless Chromium: a form posts with its CSRF token, a forged one sees the 403 page, the
CSP lets the nonce'd inline script run and blocks the other."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from tests.security.test_templates import make_app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    """The templates' test app served over real HTTP on 127.0.0.1."""
    server: WSGIServer = make_server("127.0.0.1", 0, make_app(), handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_forms_csrf_and_csp_in_a_real_browser(browser: Any, site: str) -> None:
    page = browser.new_page()
    try:
        page.goto(site + "/")
        # The CSP: the script with the page's nonce ran, the one without was blocked.
        assert page.text_content("#allowed") == "ran"
        assert page.text_content("#blocked") == "inline script without nonce did not run"

        page.fill("#with-token input[name=text]", "hello")
        page.click("#with-token button")
        page.wait_for_load_state()
        assert page.text_content("p") == "saved: hello"

        page.goto(site + "/")
        page.click("#without-token button")
        page.wait_for_load_state()
        assert "403" in page.title()
        body = page.text_content("body") or ""
        assert "security token" in body and "reload the page" in body
    finally:
        page.close()
