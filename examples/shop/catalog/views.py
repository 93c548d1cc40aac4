"""The catalogue's pages: the home page, the product list with search, categories, products."""

from typing import Any

from sqlalchemy import Select

from trestle import Request, abort
from trestle.db.pagination import Page
from trestle.http.exceptions import BadRequest, NotFound
from trestle.templating import TemplateResponse, render

from . import queries
from .models import Category

#: Products per page of a list: two pages for the demo catalogue.
PER_PAGE = 12


def home(request: Request) -> TemplateResponse:
    """A welcome, the categories, and a few products in stock."""
    categories = request.db.execute(queries.categories_with_counts()).all()
    featured = request.db.scalars(queries.featured_products()).all()
    return render(
        request,
        "catalog/home.html",
        {"title": "Welcome", "categories": categories, "featured": featured},
    )


def products(request: Request) -> TemplateResponse:
    """Every product on sale, searched (``?q=``), filtered (``?category=``) and paginated."""
    text = queries.clean_search(request.query.get("q", ""))
    slug = request.query.get("category", "").strip()
    # Loaded whole (a handful of rows) for the filter's choices; the chosen one is among them.
    categories = request.db.scalars(queries.all_categories()).all()
    category = next((each for each in categories if each.slug == slug), None)
    if slug and category is None:
        abort(404, f"There is no category {slug!r}.")
    statement = queries.matching(queries.active_products(), text)
    if category is not None:
        statement = queries.in_category(statement, category)
    params = {key: value for key, value in (("q", text), ("category", slug)) if value}
    context = {
        "title": f"Search: {text}" if text else category.name if category else "All products",
        "query": text,
        "category": category,
        "categories": categories,
        "params": params,
    }
    return _list_page(request, "catalog:products", statement, context)


def category_detail(request: Request, slug: str) -> TemplateResponse:
    """The products of one category; an unknown category is a 404."""
    category: Category | None = request.db.scalar(queries.category_by_slug(slug))
    if category is None:
        abort(404, f"There is no category {slug!r}.")
    statement = queries.in_category(queries.active_products(), category)
    context = {"title": category.name, "category": category, "params": {"slug": slug}}
    return _list_page(request, "catalog:category", statement, context)


def product_detail(request: Request, slug: str) -> TemplateResponse:
    """One product with its picture, price, stock and the form that adds it to the cart."""
    product = request.db.scalar(queries.product_by_slug(slug))
    if product is None:
        abort(404, f"There is no product {slug!r} for sale.")
    return render(request, "catalog/product.html", {"title": product.name, "product": product})


def _list_page(
    request: Request, route: str, statement: Select[Any], context: dict[str, Any]
) -> TemplateResponse:
    """Render one page of ``statement``; a page that is not a number or past the end is a 4xx.

    The error is shown in the shop's frame, with a way back to the first page, rather than
    as a bare error page: a shopper reaches it by editing the URL or following an old link.
    """
    context["route"] = route
    try:
        page: Page[Any] = request.db.paginate(statement, request.query.get("page"), PER_PAGE)
    except (BadRequest, NotFound) as error:
        detail = str(error.detail)  # "page 9 is past the last page": made a sentence
        context.update(title="No such page", detail=f"{detail[:1].upper()}{detail[1:]}.")
        return render(request, "catalog/page_error.html", context, status=error.status_code)
    return render(request, "catalog/product_list.html", {**context, "page": page})
