"""The bookshop's admin: what a project writes in its apps' admin.py."""

from __future__ import annotations

from typing import Any

from tests.admin.bookshop.models import Author, Book, Review, Sale, Tag

from trestle import admin


@admin.action(description="Mark as out of print")
def mark_out_of_print(model_admin: Any, request: Any, rows: list[Book]) -> None:
    for book in rows:
        book.in_print = False


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "email")
    search_fields = ("name", "=email")
    ordering = ("name",)


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "status", "in_print", "released", "price", "shout")
    list_filter = ("in_print", "status", "author", "released", "added")
    search_fields = ("title", "author__name")
    readonly_fields = ("added",)
    list_per_page = 20
    fieldsets = [
        (None, {"fields": ["title", "author", "status", "in_print"]}),
        (
            "Details",
            {
                "fields": ["released", "price", "cover", "tags", "blurb", "added"],
                "description": "What the catalogue shows.",
            },
        ),
    ]
    actions = (mark_out_of_print,)

    @admin.display(description="Loud title", ordering="title")
    def shout(self, book: Book) -> str:
        return book.title.upper()


admin.site.register(Tag)
admin.site.register(Review)
admin.site.register(Sale)
