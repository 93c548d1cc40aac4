"""One module per framework, each serving the same seven scenarios (benchmarks/scenarios.py).

A module exposes ``make_wsgi_app()`` and/or ``make_asgi_app()``, each returning a fresh app
with these routes, registered in this order:

- ``GET /plaintext``: ``Hello, World!`` as text/plain (S1)
- ``GET /json``: ``{"message": "Hello, World!"}`` (S2)
- ``GET /users/<int:id>?page=&sort=``: ``{"id", "page", "sort"}``; ``page`` is an int
  (default 1), ``sort`` defaults to ``"id"`` (S3)
- ``POST /form``: the urlencoded fields ``name``, ``email``, ``age`` echoed as JSON (S4)
- ``GET /cookie``: reads the ``visits`` cookie, answers ``visits: N`` as text/plain and sets
  ``visits=N+1`` (HttpOnly, SameSite=Lax, Path=/: what Trestle does by default) (S5)
- then :data:`MANY_ROUTES` routes ``/api/res<i>``: odd ``i`` take a parameter
  (``/api/res<i>/<int:item_id>``, answering ``route <i>: item <item_id>`` as text/plain), even
  ``i`` are static; S7 asks for the last one, ``/api/res99/7``.

Anything else is the framework's own 404 (S6). ASGI apps use ``async def`` handlers, WSGI
apps plain ``def``. Write each the way that framework's documentation would.
"""

from __future__ import annotations

#: How many routes follow the scenario routes; half take a parameter, the last one among them.
MANY_ROUTES = 100


def has_parameter(index: int) -> bool:
    """Whether route ``/api/res<index>`` takes an ``item_id`` (odd ones do, so the last does)."""
    return index % 2 == 1
