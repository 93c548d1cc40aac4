"""Django: function views and ``urlpatterns``, with settings configured in-process.

This module is also the ``ROOT_URLCONF``. No middleware and no installed apps: the least
Django does per request, which is the fair comparison with a micro-framework.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path

from benchmarks.apps import MANY_ROUTES, has_parameter

_TEXT = "text/plain; charset=utf-8"


def plaintext(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, World!", content_type=_TEXT)


def hello_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"message": "Hello, World!"})


def user(request: HttpRequest, user_id: int) -> HttpResponse:
    return JsonResponse(
        {
            "id": user_id,
            "page": int(request.GET.get("page", "1")),
            "sort": request.GET.get("sort", "id"),
        }
    )


def form(request: HttpRequest) -> HttpResponse:
    data = request.POST
    return JsonResponse(
        {"name": data.get("name"), "email": data.get("email"), "age": data.get("age")}
    )


def cookie(request: HttpRequest) -> HttpResponse:
    visits = int(request.COOKIES.get("visits", "0"))
    response = HttpResponse(f"visits: {visits}", content_type=_TEXT)
    response.set_cookie("visits", str(visits + 1), httponly=True, samesite="Lax")
    return response


def _numbered(index: int) -> Callable[[HttpRequest], HttpResponse]:
    text = f"route {index}"

    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(text, content_type=_TEXT)

    return view


def _numbered_item(index: int) -> Callable[[HttpRequest, int], HttpResponse]:
    prefix = f"route {index}: item "

    def view(request: HttpRequest, item_id: int) -> HttpResponse:
        return HttpResponse(f"{prefix}{item_id}", content_type=_TEXT)

    return view


urlpatterns: list[URLPattern] = [
    path("plaintext", plaintext),
    path("json", hello_json),
    path("users/<int:user_id>", user),
    path("form", form),
    path("cookie", cookie),
]
for _index in range(MANY_ROUTES):
    if has_parameter(_index):
        urlpatterns.append(path(f"api/res{_index}/<int:item_id>", _numbered_item(_index)))
    else:
        urlpatterns.append(path(f"api/res{_index}", _numbered(_index)))


def make_wsgi_app() -> Callable[..., Any]:
    """Django's WSGI handler, configuring settings on first use (they are process-wide)."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="benchmark-only-not-secret",
            ALLOWED_HOSTS=["localhost"],
            ROOT_URLCONF=__name__,
            MIDDLEWARE=[],
            INSTALLED_APPS=[],
        )
    return get_wsgi_application()
