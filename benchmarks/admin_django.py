"""The Django side of the admin benchmark: the same two models and admin (after setup)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.urls import path


class BenchAuthor(models.Model):
    name = models.CharField(max_length=100)

    class Meta:
        app_label = "benchmarks"
        db_table = "benchadmin_author"

    def __str__(self) -> str:
        return self.name


class BenchBook(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(BenchAuthor, on_delete=models.PROTECT)
    in_print = models.BooleanField(default=True)
    released = models.DateField(null=True)
    price = models.DecimalField(max_digits=8, decimal_places=2, null=True)

    class Meta:
        app_label = "benchmarks"
        db_table = "benchadmin_book"

    def __str__(self) -> str:
        return self.title


class BookAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "author", "in_print", "released", "price")
    search_fields = ("title",)
    list_per_page = 100


admin.site.register(BenchAuthor)
admin.site.register(BenchBook, BookAdmin)

urlpatterns = [path("admin/", admin.site.urls)]
