"""SCAFFOLD: placeholder views, replaced by the app's real ones."""

from trestle import Request
from trestle.templating import render


def detail(request: Request) -> object:
    return render(request, "shop/placeholder.html", {"title": "cart detail"})


def add(request: Request, product_id: int) -> object:
    return render(request, "shop/placeholder.html", {"title": "cart add"})
