"""The example API keeps to its own OpenAPI document: schemathesis, under WSGI and ASGI.

schemathesis reads ``examples/api.py``'s ``/openapi.json`` from the app itself (no server,
no network) and sends every operation generated requests, valid and not. Each answer must
not be a server error, and must have a documented status, content type, headers and body
schema; secured operations must refuse requests without credentials.

Left out, on purpose:

- ``positive_data_acceptance`` and ``negative_data_rejection``: pydantic's lax mode reads
  ``"12"`` as the integer 12 and ``false`` as 0.0, while JSON Schema says neither is valid;
  its strict mode refuses ``12.0`` for an integer, which JSON Schema allows. Either way these
  request-side checks judge pydantic's coercion rules, not the API's answers.
- The ``QUERY`` method in the unexpected-methods probe: Trestle answers a method it does not
  know with 501 (RFC 9110 §15.6.2), where schemathesis expects 405.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from examples.api import EDITOR_TOKENS, STATS_KEY, app
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

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
CREDENTIALS = {"Authorization": f"Bearer {next(iter(EDITOR_TOKENS))}", "X-Stats-Key": STATS_KEY}
# Bounded: a few dozen requests per operation and protocol keep the whole file near 20 s.
BOUNDED = settings(
    max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)

wsgi_schema = schemathesis.openapi.from_wsgi(
    "/openapi.json", app, config=SchemathesisConfig.from_dict(CONFIG)
)
asgi_schema = schemathesis.openapi.from_asgi(
    "/openapi.json", app, config=SchemathesisConfig.from_dict(CONFIG)
)


@wsgi_schema.parametrize()
@BOUNDED
def test_the_api_conforms_to_its_document_under_wsgi(case: Any) -> None:
    case.call_and_validate(headers=CREDENTIALS)


@asgi_schema.parametrize()
@BOUNDED
def test_the_api_conforms_to_its_document_under_asgi(case: Any) -> None:
    case.call_and_validate(headers=CREDENTIALS)


def test_every_operation_was_found() -> None:
    operations = {
        (result.ok().method.upper(), result.ok().path)
        for result in wsgi_schema.get_all_operations()
    }
    assert operations == {
        ("GET", "/books"),
        ("POST", "/books"),
        ("GET", "/books/{id}"),
        ("PUT", "/books/{id}"),
        ("PATCH", "/books/{id}"),
        ("DELETE", "/books/{id}"),
        ("GET", "/export"),
        ("GET", "/stats"),
    }
