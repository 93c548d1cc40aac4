"""The JSON API: the catalogue for everyone, orders for the owner of a token.

Every view is a typed view: its parameters are validated (a 422 lists what is wrong), and
its response model (the return annotation, or ``response_model=`` in urls.py) filters what
it returns and is what the OpenAPI document shows. Errors are RFC 9457 problem details,
also for browsers (see middleware.py).
"""

from typing import Annotated, Any
from urllib.parse import urljoin

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from catalog import queries
from catalog.models import Category, Product
from orders.checkout import OutOfStock, place_order
from orders.models import Order
from trestle import JSONResponse, Query, Request
from trestle.db.pagination import Page
from trestle.http.exceptions import NotFound
from trestle.security import csrf_exempt
from trestle.staticfiles.urls import static_url_resolver

from .auth import TokenUser
from .schemas import (
    MAX_ID,
    ONE_LINE,
    CategoryList,
    CategoryOut,
    OrderIn,
    OrderLineOut,
    OrderOut,
    OrderPage,
    ProductOut,
    ProductPage,
    decimal_string,
)
from .times import as_utc

#: A page number past this is refused (422): no catalogue is that long, and OFFSET stays small.
MAX_PAGE = 100_000
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="The page, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=100, description="Items per page.")]


# -- the catalogue ----------------------------------------------------------------------


def product_list(
    request: Request,
    q: Annotated[
        str,
        Query(max_length=100, pattern=ONE_LINE, description="Words the name or description has."),
    ] = "",
    category: Annotated[
        str | None,
        Query(max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="A category's slug."),
    ] = None,
    page: PageNumber = 1,
    per_page: PerPage = 20,
) -> ProductPage:
    """List the products on sale.

    Searched with `q` (every word, in the name or the description), filtered by `category`,
    in name order. An unknown category, or a page past the last, is a 404.
    """
    statement = queries.matching(queries.active_products(), q)
    if category is not None:
        found = request.db.scalar(select(Category).where(Category.slug == category))
        if found is None:
            raise NotFound(f"no category {category!r}")
        statement = queries.in_category(statement, found)
    products: Page[Product] = request.db.paginate(statement, page, per_page)
    return ProductPage(
        items=[product_out(request, product) for product in products.items],
        **products.to_dict(),
    )


def product_detail(request: Request, id: int) -> ProductOut:
    """One product on sale; a product not (or no longer) sold is a 404."""
    product = None
    if id <= MAX_ID:
        product = request.db.scalar(queries.active_products().where(Product.id == id))
    if product is None:
        raise NotFound(f"no product {id} is for sale")
    return product_out(request, product)


def category_list(request: Request) -> CategoryList:
    """List every category, by name."""
    categories = request.db.scalars(queries.all_categories())
    return CategoryList(
        items=[
            CategoryOut(id=each.id, slug=each.slug, name=each.name, description=each.description)
            for each in categories
        ]
    )


def product_out(request: Request, product: Product) -> ProductOut:
    """What the API shows of a product (its category loaded with it)."""
    image_url = None
    if product.image:
        # Absolute: an API client has no page to resolve a path against.
        site = f"{request.scheme}://{request.host}/"
        image_url = urljoin(site, static_url_resolver(request.app)(product.image))
    return ProductOut(
        id=product.id,
        slug=product.slug,
        name=product.name,
        description=product.description,
        price=decimal_string(product.price_cents),
        price_cents=product.price_cents,
        stock=product.stock,
        in_stock=product.in_stock,
        category=product.category.slug,
        image_url=image_url,
    )


# -- orders ---------------------------------------------------------------------------------


def order_list(
    request: Request, user: TokenUser, page: PageNumber = 1, per_page: PerPage = 20
) -> OrderPage:
    """List your orders, newest first."""
    orders: Page[Order] = request.db.paginate(
        _orders_of(user.id).order_by(Order.created_at.desc(), Order.id.desc()), page, per_page
    )
    return OrderPage(items=[order_out(order) for order in orders.items], **orders.to_dict())


def order_detail(request: Request, user: TokenUser, id: int) -> OrderOut:
    """One of your orders; anyone else's is a 404, as if it did not exist."""
    order = None
    if id <= MAX_ID:
        order = request.db.scalar(_orders_of(user.id).where(Order.id == id))
    if order is None:
        raise NotFound(f"you have no order {id}")
    return order_out(order)


# Tokens, never cookies, authenticate this view (auth.py): a forged cross-site request carries
# no token, so the CSRF check has nothing to protect, and would refuse a token-less request
# with a 403 where the API owes a 401 that asks for a token.
@csrf_exempt
def order_create(
    request: Request, user: TokenUser, order: OrderIn
) -> tuple[OrderOut, int, dict[str, str]] | JSONResponse:
    """Place an order.

    Every line takes its stock at once, or none does: when a line asks for more than is
    left, or for a product not for sale, the answer is a 409 listing every shortage, and
    nothing is ordered. The order is sent to the account's email address.
    """
    lines = [(line.product_id, line.quantity) for line in order.lines]
    try:
        placed = place_order(
            request.db,
            user.id,
            lines,
            full_name=order.full_name,
            email=user.email,
            address=order.address,
        )
    except OutOfStock as error:
        return out_of_stock(error)
    location = request.url_for("api:order_detail", id=placed.id)
    return order_out(placed), 201, {"Location": location}


def out_of_stock(error: OutOfStock) -> JSONResponse:
    """The 409 problem listing what is short."""
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": "Conflict",
        "status": 409,
        "detail": f"not enough stock: {error}",
        "shortages": [
            {
                "product_id": each.product_id,
                "name": each.name,
                "requested": each.requested,
                "available": each.available,
            }
            for each in error.shortages
        ],
    }
    return JSONResponse(problem, 409, media_type="application/problem+json")


def order_out(order: Order) -> OrderOut:
    """What the API shows of an order (its lines loaded with it)."""
    return OrderOut(
        id=order.id,
        status=order.status,
        full_name=order.full_name,
        email=order.email,
        address=order.address,
        total=decimal_string(order.total_cents),
        total_cents=order.total_cents,
        created_at=as_utc(order.created_at),
        lines=[
            OrderLineOut(
                product_id=line.product_id,
                product_name=line.product_name,
                unit_price=decimal_string(line.unit_price_cents),
                unit_price_cents=line.unit_price_cents,
                quantity=line.quantity,
                subtotal_cents=line.subtotal_cents,
            )
            for line in order.lines
        ],
    )


def _orders_of(user_id: int) -> Select[Order]:
    """The user's orders, each with its lines (one more query for a whole page)."""
    return select(Order).where(Order.user_id == user_id).options(selectinload(Order.lines))
