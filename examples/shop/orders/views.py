"""Checkout, and a customer's own orders."""

from sqlalchemy import func, select

from cart.cart import Cart, CartLine
from orders.checkout import OutOfStock, Shortage, place_order
from orders.forms import CheckoutForm
from orders.models import Order
from trestle import RedirectResponse, Request, Response, abort, messages
from trestle.auth import login_required
from trestle.db import atomic
from trestle.templating import TemplateResponse, render

#: Orders per page of the history.
ORDERS_PER_PAGE = 10


@login_required
def checkout(request: Request) -> Response:
    """The checkout: the cart's summary and the delivery form; posting it places the order."""
    cart = Cart.of(request)
    user = request.user
    if request.method != "POST":
        lines = cart.lines()
        for notice in cart.notices:
            messages.warning(request, notice)
        if not lines:
            return _back_to_cart(request)
        form = CheckoutForm(initial=_delivery_defaults(request))
        return _checkout_page(request, form, lines, cart.total_cents())
    form = CheckoutForm(request.form)
    wanted = cart.quantities()
    if not wanted:
        return _back_to_cart(request)
    if not form.is_valid():
        return _checkout_page(request, form, cart.lines(), cart.total_cents(), status=400)
    # End the read transaction this request has open (the user, the cart) before writing:
    # on SQLite a transaction that read first cannot wait for the write lock.
    request.db.commit()
    try:
        with atomic(request.db):  # the order and the emptied cart, together or not at all
            order = place_order(request.db, user.pk, wanted.items(), **form.cleaned_data)
            cart.clear()
    except OutOfStock as out:
        for shortage in out.shortages:
            cart.set(shortage.product_id, min(shortage.available, wanted[shortage.product_id]))
        return _checkout_page(
            request, form, cart.lines(), cart.total_cents(), shortages=out.shortages, status=409
        )
    messages.success(request, f"Thank you! Your order #{order.id} is placed.")
    return RedirectResponse(request.url_for("orders:detail", order_id=order.id), 303)


@login_required
def history(request: Request) -> TemplateResponse:
    """The customer's orders, newest first, a page at a time (``?page=``)."""
    mine = (
        select(Order)
        .where(Order.user_id == request.user.pk)
        .order_by(Order.created_at.desc(), Order.id.desc())
    )
    page = request.db.paginate(mine, request.query.get("page"), ORDERS_PER_PAGE)
    counts = _item_counts([order.id for order in page.items], request)
    context = {"title": "Your orders", "page": page, "item_counts": counts}
    return render(request, "orders/history.html", context)


@login_required
def detail(request: Request, order_id: int) -> TemplateResponse:
    """One of the customer's orders; anybody else's is a 404 (ids cannot be probed)."""
    order = request.db.get_or_404(Order, order_id)
    if order.user_id != request.user.pk:
        abort(404, f"Order {order_id} not found")
    return render(request, "orders/detail.html", {"title": f"Order #{order.id}", "order": order})


def _item_counts(order_ids: list[int], request: Request) -> dict[int, int]:
    """How many items each order holds, in one query."""
    from orders.models import OrderLine

    if not order_ids:
        return {}
    rows = request.db.execute(
        select(OrderLine.order_id, func.sum(OrderLine.quantity))
        .where(OrderLine.order_id.in_(order_ids))
        .group_by(OrderLine.order_id)
    )
    return {order_id: int(total) for order_id, total in rows}


def _checkout_page(
    request: Request,
    form: CheckoutForm,
    lines: list[CartLine],
    total_cents: int,
    *,
    shortages: list[Shortage] | None = None,
    status: int = 200,
) -> TemplateResponse:
    context = {
        "title": "Some items ran out" if shortages else "Checkout",
        "form": form,
        "lines": lines,
        "total_cents": total_cents,
        "shortages": shortages or [],
    }
    return render(request, "orders/checkout.html", context, status=status)


def _back_to_cart(request: Request) -> RedirectResponse:
    messages.info(request, "Your cart is empty: add something before checking out.")
    return RedirectResponse(request.url_for("cart:detail"), 303)


def _delivery_defaults(request: Request) -> dict[str, str]:
    """The account's email, and the name and address of the customer's last order."""
    last = request.db.scalar(
        select(Order)
        .where(Order.user_id == request.user.pk)
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(1)
    )
    defaults = {"email": request.user.email}
    if last is not None:
        defaults.update(full_name=last.full_name, address=last.address)
    return defaults
