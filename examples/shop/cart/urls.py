"""The cart app's URLs: the page, and the three forms that change the cart."""

from trestle import path

from . import views

app_name = "cart"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("add/<int:product_id>/", views.add, name="add", methods=["POST"]),
    path("update/", views.update, name="update", methods=["POST"]),
    path("remove/<int:product_id>/", views.remove, name="remove", methods=["POST"]),
]
