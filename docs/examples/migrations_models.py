# blog/models.py, in a project whose INSTALLED_APPS has "blog" (and "shop")
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from trestle.db import Model


class Post(Model):  # table "blog_post"
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, server_default="")
    # A foreign key to another app's table: blog's migration will depend on shop's.
    product_id: Mapped[int | None] = mapped_column(ForeignKey("shop_product.id"), index=True)
