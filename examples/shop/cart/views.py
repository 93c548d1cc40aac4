"""The cart's pages: see it, add to it, change quantities, take a product out."""

from cart.cart import MAX_QUANTITY, Cart, CartFull, Change, UnknownProduct
from cart.forms import AddToCartForm, line_quantity
from catalog.models import Product
from trestle import RedirectResponse, Request, Response, abort, messages
from trestle.auth.redirects import safe_redirect
from trestle.forms import ValidationError
from trestle.templating import TemplateResponse, render

#: The update form's field for a line: ``quantity-<product id>``.
QUANTITY_PREFIX = "quantity-"


def detail(request: Request) -> TemplateResponse:
    """The cart page: each line with its image, price, quantity and subtotal, and the total."""
    return cart_page(request)


def add(request: Request, product_id: int) -> Response:
    """Add a product (``quantity``, 1 by default), then go back to ``next`` or to the cart."""
    form = AddToCartForm.from_request(request)
    if not form.is_valid():
        problems = [f"Quantity: {message}" for message in form.errors.get("quantity", [])]
        return cart_page(request, errors=problems or ["Check the form and try again."])
    quantity = form.cleaned_data["quantity"] or 1
    try:
        change = Cart.of(request).add(product_id, quantity)
    except UnknownProduct:
        abort(404, "There is no such product for sale.")
    except CartFull as full:
        return cart_page(request, errors=[str(full)])
    if change.quantity == 0:
        messages.error(request, change.notice())
    elif change.capped:
        messages.warning(request, change.notice())
    else:
        messages.success(request, f"Added {quantity} of {change.product.name} to your cart.")
    fallback = request.url_for("cart:detail")
    target = safe_redirect(
        form.cleaned_data["next"],
        fallback,
        allowed_hosts=[request.host],
        require_https=request.is_secure,
    )
    return RedirectResponse(target, 303)


def update(request: Request) -> Response:
    """Set every line's quantity at once (0 takes a line out); nothing changes on an error."""
    cart = Cart.of(request)
    lines = {line.product.id: line for line in cart.lines()}
    wanted: dict[int, int] = {}
    errors: dict[int, str] = {}
    for product_id, line in lines.items():
        raw = request.form.get(f"{QUANTITY_PREFIX}{product_id}")
        if raw is None:
            continue  # a line added in another tab since this form was shown: left as it is
        try:
            wanted[product_id] = line_quantity(raw)
        except ValidationError as error:
            errors[product_id] = f"{line.product.name}: {error.messages[0]}"
    if errors:
        return cart_page(request, errors=list(errors.values()), invalid=set(errors))
    changes: list[Change | None] = [
        cart.set(product_id, quantity)
        for product_id, quantity in wanted.items()
        if quantity != lines[product_id].quantity
    ]
    notices = [change.notice() for change in changes if change is not None and change.capped]
    for notice in notices:
        messages.warning(request, notice)
    messages.success(request, "Your cart is updated.")
    return RedirectResponse(request.url_for("cart:detail"), 303)


def remove(request: Request, product_id: int) -> Response:
    """Take a product out of the cart."""
    if not Cart.of(request).remove(product_id):
        abort(404, "That product is not in your cart.")
    product = request.db.get(Product, product_id)
    name = product.name if product is not None else "The product"
    messages.success(request, f"{name} is out of your cart.")
    return RedirectResponse(request.url_for("cart:detail"), 303)


def cart_page(
    request: Request, *, errors: list[str] | None = None, invalid: set[int] | None = None
) -> TemplateResponse:
    """The cart page; with ``errors`` (a form that could not be used) it is a 400."""
    cart = Cart.of(request)
    lines = cart.lines()
    for notice in cart.notices:
        messages.warning(request, notice)
    context = {
        "title": "Your cart",
        "lines": lines,
        "total_cents": cart.total_cents(),
        "errors": errors or [],
        "invalid": invalid or set(),
        "typed": request.form if errors and request.method == "POST" else {},
        "quantity_prefix": QUANTITY_PREFIX,
        "max_quantity": MAX_QUANTITY,
    }
    return render(request, "cart/detail.html", context, status=400 if errors else 200)
