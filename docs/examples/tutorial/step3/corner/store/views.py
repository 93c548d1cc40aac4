"""The store app's views: the list of items, and one item."""

from html import escape

from sqlalchemy import select

from trestle import Request, abort

from .models import Item


def item_list(request: Request) -> str:
    """The home page: a link to each item on sale, by name."""
    items = request.db.scalars(select(Item).where(Item.is_available).order_by(Item.name))
    links = "".join(
        f'<li><a href="{request.url_for("store:item_detail", slug=item.slug)}">'
        f"{escape(item.name)}</a></li>"
        for item in items
    )
    return f"<h1>The Corner Shop</h1><ul>{links}</ul>"


def item_detail(request: Request, slug: str) -> dict[str, object]:
    """One item on sale, as JSON."""
    item = request.db.scalar(select(Item).where(Item.slug == slug, Item.is_available))
    if item is None:
        abort(404, f"The Corner Shop does not sell {slug!r}.")
    return {
        "slug": item.slug,
        "name": item.name,
        "description": item.description,
        "price_pence": item.price_pence,
        "stock": item.stock,
    }
