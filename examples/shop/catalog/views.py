"""SCAFFOLD: placeholder views, replaced by the app's real ones."""

from trestle import Request
from trestle.templating import render


def home(request: Request) -> object:
    return render(request, "shop/placeholder.html", {"title": "catalog home"})


def products(request: Request) -> object:
    return render(request, "shop/placeholder.html", {"title": "catalog products"})
