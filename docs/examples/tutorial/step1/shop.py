"""The Corner Shop in one file: a home page, and a page for each item."""

from trestle import App, abort

app = App()

# What the shop sells, by the short name each item has in its address (its "slug").
ITEMS = {
    "assam-tea": {"name": "Assam tea", "price_pence": 450},
    "oat-biscuits": {"name": "Oat biscuits", "price_pence": 220},
    "plum-jam": {"name": "Plum jam", "price_pence": 375},
}


@app.get("/")
def home() -> str:
    """The home page: a str is sent as HTML."""
    links = "".join(
        f'<li><a href="/items/{slug}">{item["name"]}</a></li>' for slug, item in ITEMS.items()
    )
    return f"<h1>The Corner Shop</h1><ul>{links}</ul>"


@app.get("/items/<slug>")
def item_detail(slug: str) -> dict[str, object]:
    """One item: a dict is sent as JSON."""
    if slug not in ITEMS:
        abort(404, f"The Corner Shop does not sell {slug!r}.")
    return {"slug": slug, **ITEMS[slug]}
