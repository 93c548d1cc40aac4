import tempfile

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from trestle import App, RedirectResponse, Request
from trestle.db import Database, Model
from trestle.forms import ModelForm, TextField


class Novelist(Model):
    __app_label__ = "docs"

    name: Mapped[str] = mapped_column(String(60))

    def __str__(self) -> str:
        return self.name


class Novel(Model):
    __app_label__ = "docs"

    title: Mapped[str] = mapped_column(String(120))
    isbn: Mapped[str] = mapped_column(String(13), unique=True)
    pages: Mapped[int | None]
    novelist_id: Mapped[int] = mapped_column(ForeignKey("docs_novelist.id"))


class NovelForm(ModelForm):
    isbn = TextField(max_length=13, min_length=10, label="ISBN")

    class Meta:
        model = Novel
        fields = ["title", "isbn", "pages", "novelist_id"]


app = App({"DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/novels.sqlite3"})
db = Database(app)
db.create_all(Novelist, Novel)
with db.session() as session:
    session.add_all([Novelist(name="Ursula K. Le Guin"), Novelist(name="Terry Pratchett")])
    session.commit()


@app.route("/novels/new", methods=["GET", "POST"])
def new_novel(request: Request):
    form = NovelForm.from_request(request)  # its session is request.db
    if form.is_valid():
        form.save()
        request.db.commit()
        return RedirectResponse("/novels", 303)
    return {"errors": form.errors, "novelists": [o.label for o in form["novelist_id"].options]}


@app.get("/novels")
def novels(request: Request):
    return request.db.scalars(select(Novel.title).order_by(Novel.id)).all()
