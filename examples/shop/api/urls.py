"""The api app's URLs (SCAFFOLD)."""

from trestle import path

from . import views

app_name = "api"

urlpatterns = [path("docs", views.docs, name="docs")]
