"""Orders in the admin: staff find them, read their lines, and move their status along."""

from typing import Any

from markupsafe import Markup
from sqlalchemy import inspect

from catalog.money import format_money
from orders.checkout import restock
from orders.models import Order, OrderStatus
from trestle import Request, admin


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Orders are written by checkout only: staff change their status, nothing else."""

    list_display = ("id", "user", "status", "total_display", "created_at")
    list_filter = ("status", "created_at")
    search_fields = ("email", "full_name")
    ordering = ("-created_at",)
    fields = ("status",)
    readonly_fields = (
        "user",
        "full_name",
        "email",
        "address",
        "created_at",
        "total_display",
        "order_lines",
    )

    @admin.display(description="Total", ordering="total_cents")
    def total_display(self, order: Order) -> str:
        """The total as the shop shows money."""
        return format_money(order.total_cents)

    @admin.display(description="Lines")
    def order_lines(self, order: Order) -> Markup:
        """The order's lines, as a table (read only: an order's lines never change)."""
        rows = Markup("").join(
            Markup(
                "<tr><td>{}</td><td class='number'>{}</td><td class='number'>{}</td>"
                "<td class='number'>{}</td></tr>"
            ).format(
                line.product_name,
                format_money(line.unit_price_cents),
                line.quantity,
                format_money(line.subtotal_cents),
            )
            for line in order.lines
        )
        return Markup(
            "<table class='order-lines'><thead><tr><th>Product</th><th>Unit price</th>"
            "<th>Quantity</th><th>Subtotal</th></tr></thead><tbody>{}</tbody></table>"
        ).format(rows)

    def clean_form(self, request: Request, form: Any, row: Order | None) -> None:
        """A cancelled order stays cancelled: its items are on sale again, maybe sold."""
        new = form.cleaned_data.get("status")
        cancelled = row is not None and row.status is OrderStatus.CANCELLED
        if cancelled and new is not None and OrderStatus(new) is not OrderStatus.CANCELLED:
            form.add_error(
                "status",
                "A cancelled order cannot be reopened: its items went back on sale. "
                "Ask the customer to order again.",
            )

    def save_model(self, request: Request, row: Order, form: Any, change: bool) -> None:
        """Cancelling an order puts its items back in stock, in the same transaction."""
        history = inspect(row).attrs.status.history
        was = history.deleted[0] if history.deleted else row.status
        if row.status is OrderStatus.CANCELLED and was is not OrderStatus.CANCELLED:
            restock(request.db, row)
        super().save_model(request, row, form, change)

    def has_add_permission(self, request: Request) -> bool:
        """Orders come from checkout, which takes the stock; an order made here would not."""
        return False

    def has_delete_permission(self, request: Request, row: object = None) -> bool:
        """Orders are records: cancel one (its status) instead of deleting it."""
        return False
