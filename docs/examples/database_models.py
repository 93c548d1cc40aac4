from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from trestle import App, Request
from trestle.db import Database, Model, atomic


class Author(Model):
    __app_label__ = "blog"  # table "blog_author" (in a project, from the app's package)

    name: Mapped[str] = mapped_column(String(80), unique=True)

    def __str__(self) -> str:
        return self.name


class Post(Model):
    __app_label__ = "blog"  # table "blog_post"

    title: Mapped[str]
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("blog_author.id"))
    author: Mapped[Author] = relationship()


app = App({"DATABASE_URL": "sqlite://"})  # in memory; a project sets DATABASES
db = Database(app)
db.create_all()  # a project runs `trestle migrate` instead


@app.get("/posts")
def post_list(request: Request) -> dict[str, object]:
    statement = select(Post).options(selectinload(Post.author)).order_by(Post.id)
    page = request.db.paginate(statement, request.query.get("page"), per_page=2)
    return {
        "posts": [{"title": post.title, "author": str(post.author)} for post in page],
        **page.to_dict(),
    }


@app.get("/posts/<id>")
def post_detail(request: Request, id: str) -> dict[str, object]:
    post = request.db.get_or_404(Post, id)  # "abc" or 999: a 404, never a 500
    return {"title": post.title, "slug": post.slug}


@app.post("/posts")
def post_create(request: Request) -> tuple[dict[str, object], int]:
    data = request.json
    author = request.db.scalar(select(Author).where(Author.name == data["author"]))
    if author is None:
        author = Author(name=data["author"])
    post = Post(title=data["title"], slug=data["slug"], author=author)
    request.db.add(post)
    request.db.commit()  # nothing is saved unless the view commits
    return {"id": post.id}, 201


@app.post("/authors/merge")
def merge_authors(request: Request) -> dict[str, int]:
    keep, drop = request.json["keep"], request.json["drop"]
    with atomic():  # all or nothing: committed at the end of the block
        kept = request.db.get_or_404(Author, keep)
        gone = request.db.get_or_404(Author, drop)
        posts = request.db.scalars(select(Post).where(Post.author_id == gone.id)).all()
        for post in posts:
            post.author = kept
        request.db.delete(gone)
    count = request.db.scalars(select(Post.id).where(Post.author_id == kept.id)).all()
    return {"posts": len(count)}
