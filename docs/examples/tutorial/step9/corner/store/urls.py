"""The store app's URLs, reversed as "store:item_list", "store:item_detail"..."""

from trestle import path

from . import views

app_name = "store"

urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("items/<slug:slug>/", views.item_detail, name="item_detail"),
    path("items/<slug:slug>/reviews/", views.add_review, name="add_review", methods=["POST"]),
    path("my-reviews/", views.my_reviews, name="my_reviews"),
]
