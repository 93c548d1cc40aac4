"""SCAFFOLD: placeholder views, replaced by the app's real ones."""

from trestle import Request
from trestle.templating import render


def signup(request: Request) -> object:
    return render(request, "shop/placeholder.html", {"title": "accounts signup"})


def profile(request: Request) -> object:
    return render(request, "shop/placeholder.html", {"title": "accounts profile"})
