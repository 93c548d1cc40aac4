"""The catalog app's configuration: the ``money`` filter every app's templates use."""

from trestle import App
from trestle.apps import AppConfig


class CatalogConfig(AppConfig):
    """The catalog app: categories, products, search and product pages."""

    label = "catalog"
    verbose_name = "Catalog"

    def install(self, app: App) -> None:
        """Register the ``money`` template filter: ``{{ product.price_cents | money }}``."""
        from trestle.templating import Templates

        from .money import format_money

        Templates.for_project(app).add_filter("money", format_money)
