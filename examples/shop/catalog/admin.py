"""What staff manage of the catalogue in the admin: categories and products."""

from collections.abc import Callable
from typing import Any

from trestle import Request, admin
from trestle.forms import Form

from .checks import image_problem, not_negative_problem, slug_problem
from .models import Category, Product
from .money import format_money


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Categories, by name."""

    list_display = ("name", "slug")
    search_fields = ("name", "slug", "description")
    ordering = ("name",)

    def clean_form(self, request: Request, form: Form, row: Any) -> None:
        """A slug the category's URL accepts."""
        _check(form, "slug", slug_problem)


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

    def clean_form(self, request: Request, form: Form, row: Any) -> None:
        """A slug the product's URL accepts, a static picture, no negative price or stock."""
        _check(form, "slug", slug_problem)
        _check(form, "image", image_problem)
        _check(form, "price_cents", not_negative_problem)
        _check(form, "stock", not_negative_problem)


def _check(form: Form, name: str, problem_of: Callable[[Any], str]) -> None:
    """Add ``problem_of(value)`` to the field ``name`` when there is one."""
    if name in form.cleaned_data:
        problem = problem_of(form.cleaned_data[name])
        if problem:
            form.add_error(name, problem)
