import datetime as dt

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

import trestle.messages
import trestle.security
import trestle.sessions
from trestle import App, Settings, admin
from trestle.auth import Auth
from trestle.auth.models import User
from trestle.auth.permissions import create_permissions
from trestle.db import Database, Model
from trestle.staticfiles import StaticFiles
from trestle.templating import Templates


class Author(Model):
    __app_label__ = "blog"  # (set by the blog/ folder in a project)
    name: Mapped[str] = mapped_column(String(100))

    def __str__(self) -> str:
        return self.name


class Tag(Model):
    __app_label__ = "blog"
    name: Mapped[str] = mapped_column(String(50), unique=True)

    def __str__(self) -> str:
        return self.name


post_tags = Table(
    "blog_post_tags",
    Model.metadata,
    Column("post_id", ForeignKey("blog_post.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("blog_tag.id", ondelete="CASCADE"), primary_key=True),
)


class Post(Model):
    __app_label__ = "blog"
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("blog_author.id"))
    author: Mapped[Author] = relationship()
    published: Mapped[bool] = mapped_column(default=False)
    created: Mapped[dt.date] = mapped_column(default=dt.date.today)
    body: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[Tag]] = relationship(secondary=post_tags)

    def __str__(self) -> str:
        return self.title


# -- what a project writes in blog/admin.py ---------------------------------------------


@admin.action(description="Publish the selected posts")
def publish(model_admin: admin.ModelAdmin, request: object, posts: list[Post]) -> None:
    for post in posts:
        post.published = True


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "published", "created", "words")
    list_filter = ("published", "author", "created")
    search_fields = ("title", "author__name")
    ordering = ("-created",)
    readonly_fields = ("created",)
    fieldsets = [
        (None, {"fields": ["title", "author", "body"]}),
        ("Publishing", {"fields": ["published", "tags", "created"]}),
    ]
    actions = (publish,)

    @admin.display(description="Words")
    def words(self, post: Post) -> int:
        return len(post.body.split())


admin.site.register([Author, Tag])


# -- a one-file app; a project lists "trestle.admin" in INSTALLED_APPS instead ------------

settings = Settings(
    SECRET_KEY="read-me-from-the-environment-in-production-0123456789",
    ALLOWED_HOSTS=["testserver"],
    DATABASE_URL="sqlite://",  # in memory, for this example
)
app = App(settings)
Templates(app)
StaticFiles(app, directories=[admin.STATIC])  # the admin's stylesheet and script
database = Database(app)
trestle.sessions.install(app)
trestle.security.install(app)
trestle.messages.install(app)
auth = Auth.install(app)
admin.site.install(app)
app.include("trestle.admin.urls", prefix="/admin/")

database.create_all()  # a project runs `trestle migrate` instead
with database.session() as session:  # ...and `trestle createsuperuser`
    create_permissions(session)
    password = auth.hasher.hash("correct-horse-battery")
    session.add(User(username="ada", password=password, is_staff=True, is_superuser=True))
    session.add(Post(title="Hello", author=Author(name="Ada Lovelace"), body="First post."))
    session.commit()
