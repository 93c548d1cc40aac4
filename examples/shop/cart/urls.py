"""The cart app's URLs."""

from trestle import path

from . import views

app_name = "cart"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("add/<int:product_id>/", views.add, name="add", methods=["POST"]),
]
