"""The shop's API keeps to its own OpenAPI document: schemathesis, through the WSGI app.

schemathesis reads ``/api/openapi.json`` from the app itself (no server, no network) and
sends every operation generated requests, valid and not, with a real token of a real user
on the seeded demo catalogue. Each answer must not be a server error, and must have a
documented status, content type, headers and body; the operations that need a token must
refuse requests without one. The orders it manages to place are real orders: stock runs
down as it goes, and the 409s that follow are documented answers too.

Left out, on purpose (as in Trestle's own schemathesis test, tests/api/test_schemathesis.py):

- ``positive_data_acceptance`` and ``negative_data_rejection``: pydantic's lax mode reads
  ``"12"`` as the integer 12, and the order's fields refuse text made only of spaces, which
  JSON Schema cannot say; these request-side checks judge pydantic's coercion rules and
  such extra checks, not the API's answers.
- The ``QUERY`` method in the unexpected-methods probe: Trestle answers a method it does not
  know with 501 (RFC 9110 §15.6.2), where schemathesis expects 405.

Bounded in time: derandomised (the same examples every run), 20 examples per operation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from api import tokens
from api.urls import DOCS
from trestle import App, include, path

CONFIG = {
    "phases": {
        "coverage": {
            "unexpected-methods": ["get", "put", "post", "delete", "options", "patch", "trace"]
        }
    },
    "checks": {
        "positive_data_acceptance": {"enabled": False},
        "negative_data_rejection": {"enabled": False},
    },
}
BOUNDED = settings(
    max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def api_urls_only() -> App:
    """An app of the API's URLs alone: enough to serve the document, with no database."""
    return App(urlpatterns=[path("api/", include("api.urls"))])


class TheTestsApp:
    """A WSGI app that hands each request to the shop app of the running test.

    schemathesis reads the document and makes its tests when this module is collected,
    before any fixture exists: the document comes from the API's URLs alone, and the
    requests go to the test's own shop, on its own database (``test_the_shop_serves_this
    _document`` checks that the shop serves that very document).
    """

    def __init__(self) -> None:
        self.target: Any = api_urls_only().wsgi

    def __call__(self, environ: Any, start_response: Any) -> Any:
        return self.target(environ, start_response)


THE_TESTS_APP = TheTestsApp()
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", THE_TESTS_APP, config=SchemathesisConfig.from_dict(CONFIG)
)


@pytest.fixture
def credentials(app: Any, seeded: Any, make_user: Any) -> Iterator[dict[str, str]]:
    """A customer's token on the seeded demo catalogue; the test's app gets the requests."""
    customer = make_user("schemathesis")
    with app.extensions["db"].session() as session:
        _, token = tokens.issue(session, customer.id, "schemathesis")
        session.commit()
    before, THE_TESTS_APP.target = THE_TESTS_APP.target, app.wsgi
    yield {"Authorization": f"Bearer {token}"}
    THE_TESTS_APP.target = before


@schema.parametrize()
@BOUNDED
def test_the_api_conforms_to_its_document(case: Any, credentials: dict[str, str]) -> None:
    case.call_and_validate(headers=credentials)


def test_the_shop_serves_this_document(client: Any) -> None:
    served = client.get("/api/openapi.json").json()
    assert served == DOCS.document(api_urls_only())
    assert served == schema.raw_schema


def test_every_operation_is_tested() -> None:
    operations = {
        (result.ok().method.upper(), result.ok().path) for result in schema.get_all_operations()
    }
    assert operations == {
        ("GET", "/api/products"),
        ("GET", "/api/products/{id}"),
        ("GET", "/api/categories"),
        ("GET", "/api/orders"),
        ("POST", "/api/orders"),
        ("GET", "/api/orders/{id}"),
    }
