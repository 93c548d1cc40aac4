"""What staff manage of the catalogue in the admin: categories and products."""

from trestle import admin

from .models import Category, Product
from .money import format_money


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Categories, by name."""

    list_display = ("name", "slug")
    search_fields = ("name", "slug", "description")
    ordering = ("name",)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    """Products: the low stock and the hidden ones are a filter away."""

    list_display = ("name", "category", "price", "stock", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("name", "description", "slug")
    ordering = ("name",)
    list_per_page = 25
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "description", "image"]}),
        ("For sale", {"fields": ["price_cents", "stock", "is_active"]}),
        ("Record", {"fields": ["created_at"], "classes": ["collapse"]}),
    ]
    readonly_fields = ("created_at",)

    @admin.display(description="Price", ordering="price_cents")
    def price(self, product: Product) -> str:
        return format_money(product.price_cents)
