"""The model form example of docs/forms.md, loaded once (its models are declared once per
process, as a project's are) and run under WSGI and ASGI."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "forms_models.py"


@cache
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_example_forms_models_once", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    import sys

    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_form_lists_the_novelists(make_client) -> None:
    client = make_client(example().app)
    assert client.get("/novels/new").json()["novelists"] == ["Ursula K. Le Guin", "Terry Pratchett"]


def test_a_book_is_saved_once(make_client, protocol: str) -> None:
    client = make_client(example().app)
    isbn = "9780552131063" if protocol == "wsgi" else "9780552131064"
    book = {"title": f"Mort ({protocol})", "isbn": isbn, "pages": "316", "novelist_id": "2"}
    assert client.post("/novels/new", data=book).status_code == 303
    assert f"Mort ({protocol})" in client.get("/novels").json()
    again = client.post("/novels/new", data=book).json()
    assert again["errors"] == {"isbn": ["A novel with this isbn already exists."]}


def test_the_columns_decide_the_checks(make_client) -> None:
    client = make_client(example().app)
    sent = {"title": "x" * 121, "isbn": "123", "pages": "many", "novelist_id": "9"}
    assert client.post("/novels/new", data=sent).json()["errors"] == {
        "title": ["Use at most 120 characters (you used 121)."],
        "isbn": ["Use at least 10 characters (you used 3)."],
        "pages": ["Enter a whole number."],
        "novelist_id": ["Choose one of the options."],
    }
