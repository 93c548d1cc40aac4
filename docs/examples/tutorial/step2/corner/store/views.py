"""The store app's views: the list of items, and one item."""

from trestle import Request, abort

# What the shop sells, by slug, until step 3 keeps it in a database.
ITEMS = {
    "assam-tea": {"name": "Assam tea", "price_pence": 450},
    "oat-biscuits": {"name": "Oat biscuits", "price_pence": 220},
    "plum-jam": {"name": "Plum jam", "price_pence": 375},
}


def item_list(request: Request) -> str:
    """The home page: a link to each item."""
    links = "".join(
        f'<li><a href="{request.url_for("store:item_detail", slug=slug)}">{item["name"]}</a></li>'
        for slug, item in ITEMS.items()
    )
    return f"<h1>The Corner Shop</h1><ul>{links}</ul>"


def item_detail(slug: str) -> dict[str, object]:
    """One item, as JSON."""
    if slug not in ITEMS:
        abort(404, f"The Corner Shop does not sell {slug!r}.")
    return {"slug": slug, **ITEMS[slug]}
