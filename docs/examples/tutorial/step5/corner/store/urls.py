"""The store app's URLs, reversed as "store:item_list" and "store:item_detail"."""

from trestle import path

from . import views

app_name = "store"

urlpatterns = [
    path("", views.item_list, name="item_list"),
    # GET shows the item; POST sends its review form.
    path("items/<slug:slug>/", views.item_detail, name="item_detail", methods=["GET", "POST"]),
]
