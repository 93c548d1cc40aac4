"""The admin's routes; the project mounts them: ``path("admin/", include("trestle.admin.urls"))``.

Names are in the ``admin`` namespace: ``url_for("admin:index")``,
``url_for("admin:changelist", app_label="blog", model_name="post")``...
"""

from trestle.admin import views
from trestle.routing.urlconf import path

app_name = "admin"

_MODEL = "<str:app_label>/<str:model_name>/"
_ROW = _MODEL + "<str:object_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:app_label>/", views.app_index, name="app_index"),
    path(_MODEL, views.changelist, name="changelist", methods=["GET", "POST"]),
    path(_MODEL + "add/", views.add, name="add", methods=["GET", "POST"]),
    path(_MODEL + "autocomplete/", views.autocomplete, name="autocomplete"),
    path(_ROW + "change/", views.change, name="change", methods=["GET", "POST"]),
    path(_ROW + "delete/", views.delete, name="delete", methods=["GET", "POST"]),
    path(_ROW + "history/", views.history, name="history"),
]
