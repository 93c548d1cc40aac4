"""The store app's views: the list of items, and one item."""

from sqlalchemy import select

from trestle import Request, abort
from trestle.templating import TemplateResponse, render

from .models import Item


def item_list(request: Request) -> TemplateResponse:
    """The home page: every item on sale, by name."""
    items = request.db.scalars(select(Item).where(Item.is_available).order_by(Item.name))
    return render(request, "store/item_list.html", {"title": "What we sell", "items": items})


def item_detail(request: Request, slug: str) -> TemplateResponse:
    """One item on sale."""
    item = request.db.scalar(select(Item).where(Item.slug == slug, Item.is_available))
    if item is None:
        abort(404, f"The Corner Shop does not sell {slug!r}.")
    return render(request, "store/item_detail.html", {"title": item.name, "item": item})
