"""The admin site: staff manage every registered model from the browser.

::

    # blog/admin.py
    from trestle import admin
    from blog.models import Post

    @admin.register(Post)
    class PostAdmin(admin.ModelAdmin):
        list_display = ("title", "author", "published")
        list_filter = ("published", "author")
        search_fields = ("title",)

List ``"trestle.admin"`` in INSTALLED_APPS (after sessions, security and auth) and mount
``path("admin/", include("trestle.admin.urls"))``. See docs/admin.md.
"""

from trestle.admin.decorators import action as action
from trestle.admin.decorators import display as display
from trestle.admin.introspect import AdminConfigError as AdminConfigError
from trestle.admin.options import ModelAdmin as ModelAdmin
from trestle.admin.sites import STATIC as STATIC
from trestle.admin.sites import AdminSite as AdminSite
from trestle.admin.sites import AlreadyRegistered as AlreadyRegistered
from trestle.admin.sites import register as register
from trestle.admin.sites import site as site

__all__ = [
    "STATIC",
    "AdminConfigError",
    "AdminSite",
    "AlreadyRegistered",
    "ModelAdmin",
    "action",
    "display",
    "register",
    "site",
]
