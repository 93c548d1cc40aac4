"""The API's URLs: the JSON endpoints, their OpenAPI document and docs, and the token pages."""

from typing import Any

from trestle import path
from trestle.api import OpenAPI

from . import pages, views
from .schemas import OrderOut, OutOfStockProblem, ProblemDetails

app_name = "api"

#: Where shop/urls.py mounts these patterns: the OpenAPI document covers the routes under it.
MOUNT = "/api/"
#: The pages for people under MOUNT: left out of the document, and their errors stay HTML.
PAGES = (MOUNT + "tokens/",)


def _problem(description: str, model: type[ProblemDetails] = ProblemDetails) -> dict[str, Any]:
    """An error answer for the document: problem details, in their own media type."""
    return {"description": description, "model": model, "media_type": "application/problem+json"}


PAST_THE_END = {404: _problem("An unknown category, or a page past the last")}
OUT_OF_STOCK = {
    409: _problem(
        "A line asks for more than is left, or for a product not for sale: nothing was ordered",
        OutOfStockProblem,
    )
}

DOCS = OpenAPI(
    title="Trestle Shop API",
    version="1.0.0",
    description=(
        "The catalogue of Trestle Shop, and your orders. Browsing needs nothing; orders "
        "need an API token (`Authorization: Bearer tshop_…`), which you make on the "
        "[API tokens page](/api/tokens/) once logged in."
    ),
    tags=[
        {"name": "products", "description": "The catalogue: products and categories."},
        {"name": "orders", "description": "Your orders. Needs a token."},
    ],
    path_prefixes=[MOUNT],
)

urlpatterns = [
    path(
        "products",
        views.product_list,
        name="product_list",
        tags=["products"],
        responses=PAST_THE_END,
    ),
    path("products/<int:id>", views.product_detail, name="product_detail", tags=["products"]),
    path("categories", views.category_list, name="category_list", tags=["products"]),
    path(
        "orders",
        views.order_list,
        name="order_list",
        tags=["orders"],
        responses={404: _problem("A page past the last")},
    ),
    path(
        "orders",
        views.order_create,
        name="order_create",
        methods=["POST"],
        tags=["orders"],
        status_code=201,
        response_model=OrderOut,
        responses=OUT_OF_STOCK,
    ),
    path("orders/<int:id>", views.order_detail, name="order_detail", tags=["orders"]),
    path(
        "tokens/", pages.token_list, name="tokens", methods=["GET", "POST"], include_in_schema=False
    ),
    path(
        "tokens/<int:token_id>/revoke/",
        pages.revoke_token,
        name="revoke_token",
        methods=["POST"],
        include_in_schema=False,
    ),
    # The document and Swagger UI, named as the shop's pages link them ("api:docs").
    path("openapi.json", DOCS.openapi_view, name="openapi"),
    path("docs", DOCS.docs_view, name="docs"),
    path("docs/assets/<name>", DOCS.asset_view, name="docs_asset"),
]
