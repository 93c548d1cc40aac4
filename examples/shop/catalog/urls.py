"""The catalog app's URLs."""

from trestle import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("products/", views.products, name="products"),
    path("products/<slug:slug>/", views.product_detail, name="product"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
]
