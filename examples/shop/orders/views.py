"""SCAFFOLD: placeholder views, replaced by the app's real ones."""

from trestle import Request
from trestle.templating import render


def checkout(request: Request) -> object:
    return render(request, "shop/placeholder.html", {"title": "orders checkout"})


def history(request: Request) -> object:
    return render(request, "shop/placeholder.html", {"title": "orders history"})
