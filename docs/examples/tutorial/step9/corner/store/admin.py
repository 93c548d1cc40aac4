"""What the admin site shows of the store: the items and their reviews."""

from trestle import admin

from .forms import ItemForm
from .models import Item, Review
from .money import pounds


@admin.action(description="Take the selected items off the shelves")
def take_off_the_shelves(model_admin: admin.ModelAdmin, request: object, items: list[Item]) -> None:
    """Hide items from the shop without deleting them (their reviews stay)."""
    for item in items:
        item.is_available = False


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """Items: what the shopkeeper changes every day, prices and stock."""

    form = ItemForm  # its checks run in the admin too
    list_display = ("name", "price", "stock", "is_available")
    list_filter = ("is_available",)
    search_fields = ("name", "description")
    ordering = ("name",)
    actions = (take_off_the_shelves,)

    @admin.display(description="Price", ordering="price_pence")
    def price(self, item: Item) -> str:
        """The price in pounds, as the shop shows it."""
        return pounds(item.price_pence)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Reviews: read them, and remove the rude ones."""

    list_display = ("item", "rating", "author", "created")
    list_filter = ("rating", "item", "created")
    search_fields = ("text", "author", "item__name")
    readonly_fields = ("created",)
