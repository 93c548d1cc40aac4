"""The orders app's URLs."""

from trestle import path

from . import views

app_name = "orders"

urlpatterns = [
    path("checkout/", views.checkout, name="checkout"),
    path("orders/", views.history, name="history"),
]
