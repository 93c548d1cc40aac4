"""The orders app's URLs: checkout, and the customer's orders."""

from trestle import path

from . import views

app_name = "orders"

urlpatterns = [
    path("checkout/", views.checkout, name="checkout", methods=["GET", "POST"]),
    path("orders/", views.history, name="history"),
    path("orders/<int:order_id>/", views.detail, name="detail"),
]
