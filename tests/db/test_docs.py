"""The examples of docs/database.md and docs/migrations.md, run for real.

Each example is loaded once per process (its models are declared once, as a project's
are), then exercised through HTTP under WSGI and ASGI.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType

from trestle.testing import TestClient

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
MakeClient = Callable[..., TestClient]


def fresh(name: str) -> ModuleType:
    """The example, with its in-memory tables made again if a client's shutdown closed them."""
    module = example(name)
    module.db.create_all()
    return module


@cache
def example(name: str) -> ModuleType:
    module_name = f"docs_example_{name}_once"
    spec = importlib.util.spec_from_file_location(module_name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def test_models_pages_and_404s(make_client: MakeClient, protocol: str) -> None:
    client = make_client(fresh("database_models").app)
    for n in range(3):
        body = {"title": f"Post {n}", "slug": f"{protocol}-{n}", "author": f"Ada {protocol}"}
        assert client.post("/posts", json=body).status_code == 201
    listing = client.get("/posts?page=1").json()
    assert listing["per_page"] == 2 and listing["total"] >= 3
    assert listing["posts"][0]["author"].startswith("Ada")
    assert client.get("/posts?page=abc").status_code == 400
    assert client.get("/posts?page=999").status_code == 404
    first = client.post("/posts", json={"title": "x", "slug": "unique", "author": "Bo"})
    duplicate = client.post("/posts", json={"title": "y", "slug": "unique", "author": "Bo"})
    if first.status_code == 201:  # the second protocol's run finds it already there
        assert client.get(f"/posts/{first.json()['id']}").json()["slug"] == "unique"
    assert duplicate.status_code == 409
    assert (
        "uq_blog_post_slug" in duplicate.json()["detail"]
        or "blog_post.slug" in (duplicate.json()["detail"])
    )
    assert client.get("/posts/abc").status_code == 404
    assert client.get("/posts/99999").status_code == 404


def test_atomic_merge(make_client: MakeClient, protocol: str) -> None:
    client = make_client(fresh("database_models").app)
    for name in (f"Keep {protocol}", f"Drop {protocol}"):
        client.post("/posts", json={"title": "t", "slug": f"m-{name}", "author": name})
    db = example("database_models").db
    from sqlalchemy import select

    Author = example("database_models").Author
    with db.session() as session:
        keep = session.scalar(select(Author.id).where(Author.name == f"Keep {protocol}"))
        drop = session.scalar(select(Author.id).where(Author.name == f"Drop {protocol}"))
    merged = client.post("/authors/merge", json={"keep": keep, "drop": drop})
    assert merged.json() == {"posts": 2}
    assert client.post("/authors/merge", json={"keep": keep, "drop": drop}).status_code == 404


def test_the_testing_example(make_client: MakeClient) -> None:
    module = fresh("database_models")
    tests = example("database_testing")
    tests.test_the_post_list_runs_three_queries(make_client(module.app), module.db)


def test_async_views(make_client: MakeClient) -> None:
    client = make_client(fresh("database_async").app)
    before = client.get("/count").json()["notes"]
    created = client.post("/notes", json={"text": "hello"})
    assert created.status_code == 201
    assert client.get(f"/notes/{created.json()['id']}").json() == {"text": "hello"}
    assert client.get("/notes/nope").status_code == 404
    assert client.get("/notes").json()[-1] == "hello"
    assert client.get("/count").json()["notes"] == before + 1


def test_rows_example(make_client: MakeClient, protocol: str) -> None:
    module = fresh("database_rows")
    sku = f"bolt-{protocol}"
    with module.db.session() as session:
        session.add(module.Stock(sku=sku, quantity=5))
        session.commit()
    client = make_client(module.app)
    assert client.get(f"/stock/{sku}").json() == {"sku": sku, "quantity": 5}
    taken = client.post(f"/stock/{sku}/take", json={"quantity": 2})
    assert taken.json() == {"sku": sku, "quantity": 3}
    too_many = client.post(f"/stock/{sku}/take", json={"quantity": 4})
    assert too_many.status_code == 409
    assert client.get(f"/stock/{sku}").json()["quantity"] == 3
    for bad in ({"quantity": "2"}, {"quantity": 0}, {"quantity": 1.5}, {}, [1], "x"):
        assert client.post(f"/stock/{sku}/take", json=bad).status_code == 400
    malformed = client.post(
        f"/stock/{sku}/take", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert malformed.status_code == 400
    assert client.get("/stock/missing").status_code == 404


def test_settings_example() -> None:
    example("database_settings")


def test_migrations_example(
    tmp_path: Path, app_packages: Callable[[dict[str, str]], list[str]], make_db: Callable
) -> None:
    from trestle.apps.registry import Apps
    from trestle.db.migrations import make_migrations, migrate

    shop_models = (
        "from sqlalchemy.orm import Mapped\nfrom trestle.db import Model\n\n"
        "class Product(Model):\n    name: Mapped[str]\n"
    )
    # The apps get unique names here (shop_<random>), and so do their tables.
    blog_models = (EXAMPLES / "migrations_models.py").read_text()
    blog_models = blog_models.replace('"shop_product.id"', '"shop_{suffix}_product.id"')
    names = app_packages({"shop": shop_models, "blog": blog_models})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        apps = Apps(names).populate()
    db = make_db(f"sqlite:///{tmp_path}/site.sqlite3")
    planned = make_migrations(db, apps)
    assert [(p.app, p.depends_on) for p in planned] == [
        (names[0], []),
        (names[1], [f"{names[0]}_0001"]),
    ]
    migrate(db, apps)
    assert make_migrations(db, apps, check=True) == []
    shutil.rmtree(tmp_path / "apps", ignore_errors=True)
