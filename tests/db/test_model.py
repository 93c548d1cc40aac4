"""Model: table names from the app label, the id key, the label recorded, str and repr."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from trestle.db import Model
from trestle.db.model import app_label_for, snake_case


@pytest.mark.parametrize(
    ("module", "label"),
    [
        ("blog.models", "blog"),
        ("trestle.auth.models", "auth"),
        ("mysite.shop.models.orders", "shop"),
        ("app", "app"),
        ("__main__", "main"),
        ("tests.db.test_model", "test_model"),
        ("My-Site.models", "my_site"),
    ],
)
def test_app_label_from_the_module_path(module: str, label: str) -> None:
    assert app_label_for(module) == label


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("Post", "post"),
        ("BlogPost", "blog_post"),
        ("HTTPLog", "http_log"),
        ("OAuth2Token", "o_auth2_token"),
    ],
)
def test_snake_case(name: str, snake: str) -> None:
    assert snake_case(name) == snake


class Article(Model):
    __app_label__ = "press"
    title: Mapped[str]
    body: Mapped[str | None] = mapped_column(String(2000))


class Keyed(Model):
    __tablename__ = "press_keyed_rows"
    code: Mapped[str] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("press_article.id"), index=True)


class Auditable(Model):
    __abstract__ = True
    note: Mapped[str | None]


class Memo(Auditable):
    pass


def test_tables_are_named_after_app_and_class() -> None:
    assert Article.__tablename__ == "press_article"
    assert Article.__table__.info["app_label"] == "press"
    assert Memo.__tablename__ == "test_model_memo"
    assert Memo.__app_label__ == "test_model"
    assert Keyed.__table__.name == "press_keyed_rows"


def test_an_integer_id_unless_a_key_is_declared() -> None:
    assert [c.name for c in Article.__table__.primary_key] == ["id"]
    assert isinstance(Article.__table__.c.id.type, Integer)
    assert next(iter(Article.__table__.c.keys())) == "id"  # first in CREATE TABLE
    assert [c.name for c in Keyed.__table__.primary_key] == ["code"]
    assert "id" not in Keyed.__table__.c
    assert [c.name for c in Memo.__table__.primary_key] == ["id"]
    assert "note" in Memo.__table__.c


def test_str_is_varchar_255_and_constraints_are_named() -> None:
    title = Article.__table__.c.title
    assert isinstance(title.type, String) and title.type.length == 255
    assert not title.nullable
    assert Article.__table__.c.body.nullable
    fk = next(iter(Keyed.__table__.foreign_key_constraints))
    assert fk.name == "fk_press_keyed_rows_article_id_press_article"
    assert {index.name for index in Keyed.__table__.indexes} == {"ix_press_keyed_rows_article_id"}


def test_str_and_repr_load_nothing() -> None:
    article = Article(title="Hello")
    assert str(article) == "Article (unsaved)"
    assert repr(article) == "<Article title='Hello'>"
    long = Article(title="x" * 100)
    assert repr(long) == f"<Article title='{'x' * 36}...>"
    assert repr(Memo()) == "<Memo (unsaved)>"


def test_str_of_a_saved_row(tmp_path: object, make_db: object) -> None:
    from sqlalchemy.orm import Session

    db = make_db(f"sqlite:///{tmp_path}/m.sqlite3")  # type: ignore[operator]
    db.create_all(Article, Keyed)
    with db.session() as session:
        article = Article(title="Hi")
        session.add(article)
        session.flush()
        session.add(Keyed(code="a-1", article_id=article.id))
        session.commit()
        assert str(article) == f"Article {article.id}"
        assert str(session.get(Keyed, "a-1")) == "Keyed a-1"
        assert isinstance(session, Session)


def test_a_plain_table_is_not_changed() -> None:
    table = Table(
        "press_tags", Model.metadata, Column("name", String(20)), info={"app_label": "press"}
    )
    try:
        assert table.info["app_label"] == "press"
    finally:
        Model.metadata.remove(table)


def test_a_subclass_of_a_model_shares_its_table() -> None:
    class Base(Model):
        __app_label__ = "press"
        __tablename__ = "press_polymorphic"
        kind: Mapped[str]
        __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "base"}

    class Special(Base):
        __mapper_args__ = {"polymorphic_identity": "special"}

    try:
        assert Special.__table__ is Base.__table__
    finally:
        Model.metadata.remove(Base.__table__)


def test_naming_convention_is_on_the_shared_metadata() -> None:
    assert isinstance(Model.metadata, MetaData)
    assert Model.metadata.naming_convention["pk"] == "pk_%(table_name)s"
