"""The test project's URLs: the admin, as a new project mounts it."""

from trestle import include, path

urlpatterns = [path("admin/", include("trestle.admin.urls"))]
