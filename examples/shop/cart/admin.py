"""Saved carts in the admin: what customers are about to buy (read, or tidy up)."""

from cart.models import CartItem
from trestle import admin


@admin.register(CartItem)
class CartItemAdmin(admin.ModelAdmin):
    """One row per customer and product."""

    list_display = ("user", "product", "quantity")
    search_fields = ("user__username", "product__name")
