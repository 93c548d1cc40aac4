"""Model forms from trestle.db models: fields, required, lengths, choices, foreign keys."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Numeric,
    SmallInteger,
    String,
    Text,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trestle import App, RedirectResponse
from trestle.db import Database, Model
from trestle.forms import (
    BooleanField,
    ChoiceField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    IntegerField,
    ModelForm,
    TextField,
    model_form,
)
from trestle.forms.models import ForeignKeyField


class Status(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Writer(Model):
    __app_label__ = "formtest"

    name: Mapped[str] = mapped_column(String(50))

    def __str__(self) -> str:
        return self.name


class Story(Model):
    __app_label__ = "formtest"

    title: Mapped[str] = mapped_column(String(80))
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    body: Mapped[str] = mapped_column(Text, info={"help_text": "Markdown."})
    summary: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[Status] = mapped_column(default=Status.DRAFT)
    featured: Mapped[bool] = mapped_column(default=False)
    views: Mapped[int] = mapped_column(default=0)
    rank: Mapped[int] = mapped_column(SmallInteger)
    big: Mapped[int | None] = mapped_column(BigInteger)
    price: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    rating: Mapped[float | None]
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    section: Mapped[str] = mapped_column(String(10), info={"choices": ["news", "opinion"]})
    extra: Mapped[dict[str, object] | None] = mapped_column(JSON)
    writer_id: Mapped[int] = mapped_column(ForeignKey("formtest_writer.id"))
    writer: Mapped[Writer] = relationship()


class StoryForm(ModelForm):
    class Meta:
        model = Story
        exclude = ["big"]


@pytest.fixture
def db(tmp_path) -> Iterator[Database]:
    database = Database(
        settings=App({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}).settings
    )
    database.create_all(Writer, Story)
    with database.session() as session:
        session.add_all([Writer(name="Ada"), Writer(name="Grace")])
        session.commit()
    yield database
    database.dispose()


VALID = {
    "title": "Hello",
    "slug": "hello",
    "body": "Text",
    "status": "published",
    "rank": "3",
    "section": "news",
    "writer_id": "2",
}


def test_fields_follow_the_columns() -> None:
    fields = StoryForm.fields
    # In the model's column order, without the key and the JSON column.
    from sqlalchemy import inspect

    columns = [attribute.key for attribute in inspect(Story).column_attrs]
    assert list(fields) == [name for name in columns if name not in ("id", "big", "extra")]
    assert set(fields) == {
        "title", "slug", "body", "summary", "status", "featured", "views", "rank", "price",
        "rating", "published_on", "updated_at", "section", "writer_id",
    }  # fmt: skip
    assert "id" not in fields and "extra" not in fields  # the key; a JSON column
    title = fields["title"]
    assert isinstance(title, TextField) and title.max_length == 80 and title.required
    assert fields["body"].widget == "textarea" and fields["body"].help_text == "Markdown."
    summary = fields["summary"]
    assert isinstance(summary, TextField) and not summary.required and summary.empty is None
    status = fields["status"]
    assert isinstance(status, ChoiceField) and status.choices == [
        (Status.DRAFT, "Draft"),
        (Status.PUBLISHED, "Published"),
    ]
    assert not status.required and status.initial is Status.DRAFT  # it has a default
    assert isinstance(fields["featured"], BooleanField)
    views = fields["views"]
    assert isinstance(views, IntegerField) and not views.required and views.initial == 0
    rank = fields["rank"]
    assert isinstance(rank, IntegerField) and (rank.min_value, rank.max_value) == (-32768, 32767)
    price = fields["price"]
    assert isinstance(price, DecimalField) and (price.max_digits, price.decimal_places) == (6, 2)
    assert isinstance(fields["rating"], FloatField)
    assert isinstance(fields["published_on"], DateField)
    updated = fields["updated_at"]
    assert isinstance(updated, DateTimeField) and updated.timezone is dt.UTC
    assert fields["section"].choices == [("news", "news"), ("opinion", "opinion")]  # type: ignore[attr-defined]
    writer = fields["writer_id"]
    assert isinstance(writer, ForeignKeyField) and writer.label == "Writer"


def test_declared_fields_replace_derived_ones_in_place() -> None:
    class Short(ModelForm):
        slug = TextField(max_length=5, label="Address")
        note = TextField(required=False)

        class Meta:
            model = Story
            fields = ["title", "slug"]

    assert list(Short.fields) == ["title", "slug", "note"]
    assert Short.fields["slug"].label == "Address"


def test_unknown_field_names_are_refused() -> None:
    with pytest.raises(TypeError, match="Story has no column 'titel'"):
        model_form(Story, fields=["titel"])
    with pytest.raises(TypeError, match="the primary key is never one"):
        model_form(Story, fields=["id"])


def test_create_and_edit(db: Database) -> None:
    with db.session() as session:
        form = StoryForm(VALID, session=session)
        assert form.is_valid(), form.errors
        article = form.save()
        session.commit()
        assert article.writer.name == "Grace"
        assert article.status is Status.PUBLISHED
        assert article.views == 0 and article.featured is False and article.summary is None
        edit = StoryForm(instance=article, session=session)
        assert edit["title"].value == "Hello"
        assert edit["status"].value == "published"
        assert edit["writer_id"].value == "2"
        changed = StoryForm(
            {**VALID, "title": "Changed", "summary": ""}, instance=article, session=session
        )
        assert changed.is_valid(), changed.errors  # its own slug is no duplicate
        assert changed.save() is article
        session.commit()
        assert session.scalars(select(Story.title)).all() == ["Changed"]


def test_foreign_key_choices_and_checks(db: Database) -> None:
    with db.session() as session:
        form = StoryForm(session=session)
        assert [(option.value, option.label) for option in form["writer_id"].options] == [
            ("1", "Ada"),
            ("2", "Grace"),
        ]
        for bad in ("3", "x", "1.5", ""):
            bound = StoryForm({**VALID, "writer_id": bad}, session=session)
            assert not bound.is_valid()
            assert bound.errors["writer_id"] in (
                ["Choose one of the options."],
                ["This field is required."],
            )


def test_a_foreign_key_without_a_session_says_so() -> None:
    with pytest.raises(RuntimeError, match="give the form a database session"):
        StoryForm(VALID).is_valid()


def test_duplicates_are_form_errors(db: Database) -> None:
    with db.session() as session:
        StoryForm(VALID, session=session).save()
        session.commit()
        again = StoryForm({**VALID, "title": "Other"}, session=session)
        assert not again.is_valid()
        assert again.errors == {"slug": ["A story with this slug already exists."]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "x" * 81, "Use at most 80 characters (you used 81)."),
        ("rank", "40000", "Enter a number of at most 32767."),
        ("views", str(2**31), "Enter a number of at most 2147483647."),
        ("price", "12345.6", "Use at most 4 digits before the point."),
        ("status", "deleted", "Choose one of the options."),
        ("section", "sports", "Choose one of the options."),
        ("published_on", "2024-02-30", "Enter a date, like 2025-03-31."),
    ],
)
def test_bad_values(db: Database, field: str, value: str, message: str) -> None:
    with db.session() as session:
        form = StoryForm({**VALID, field: value}, session=session)
        assert not form.is_valid()
        assert form.errors == {field: [message]}


def test_apply_refuses_an_invalid_form() -> None:
    form = model_form(Writer)({"name": ""})
    with pytest.raises(ValueError, match="is not valid"):
        form.apply()
    with pytest.raises(RuntimeError, match="needs the form's session"):
        model_form(Writer)({"name": "x"}).save()
    writer = model_form(Writer)({"name": "Lin"}).apply()
    assert isinstance(writer, Writer) and writer.name == "Lin"


def test_a_form_made_on_a_base_keeps_the_fields_the_base_declares() -> None:
    class WriterBase(ModelForm):
        name = TextField(min_length=3, label="Pen name")

    made = model_form(Writer, fields=["name"], base=WriterBase)
    assert made.fields["name"] is WriterBase.fields["name"]
    assert made({"name": "Al"}).errors == {"name": ["Use at least 3 characters (you used 2)."]}
    assert made({"name": "Lin"}).is_valid()

    class Subclass(WriterBase):
        class Meta:
            model = Writer

    assert Subclass.fields["name"].label == "Pen name"


def test_through_http_with_request_db(tmp_path, make_client) -> None:
    app = App({"DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}"})
    database = Database(app)
    database.create_all(Writer, Story)
    WriterForm = model_form(Writer)

    @app.route("/writers", methods=["GET", "POST"])
    def writers(request):
        form = WriterForm.from_request(request)
        if form.is_valid():
            form.save()
            request.db.commit()
            return RedirectResponse("/writers", 303)
        names = request.db.scalars(select(Writer.name)).all()
        return {"errors": form.errors, "names": names}

    client = make_client(app)
    assert client.post("/writers", data={"name": "x" * 51}).json()["errors"] == {
        "name": ["Use at most 50 characters (you used 51)."]
    }
    assert client.post("/writers", data={"name": "Ada"}).status_code == 303
    assert client.get("/writers").json() == {"errors": {}, "names": ["Ada"]}
    database.dispose()


def test_integer_ranges_hold_on_postgresql(postgres_url: str) -> None:
    # Without the range check, PostgreSQL would refuse the value: a 500, not a form error.
    app = App({"DATABASE_URL": postgres_url})
    database = Database(app)
    database.create_all(Writer, Story)
    try:
        with database.session() as session:
            session.add(Writer(name="Ada"))
            session.flush()
            writer_id = str(session.scalars(select(Writer.id)).one())
            too_big = StoryForm(
                {**VALID, "writer_id": writer_id, "views": str(2**31)}, session=session
            )
            assert too_big.errors == {"views": ["Enter a number of at most 2147483647."]}
            ok = StoryForm(
                {
                    **VALID,
                    "writer_id": str(session.scalars(select(Writer.id)).one()),
                    "views": str(2**31 - 1),
                },
                session=session,
            )
            assert ok.is_valid(), ok.errors
            ok.save()
            session.flush()
            session.rollback()
    finally:
        database.drop_all(Story, Writer)
        database.dispose()
