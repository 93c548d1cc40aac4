from trestle import App, abort
from trestle.http.exceptions import Conflict, NotFound

BOOKS = {"9780262510875": {"title": "SICP", "on_loan": True}}

app = App()


@app.get("/books/<isbn>")
def book(isbn: str) -> dict[str, object]:
    if isbn not in BOOKS:
        abort(404, f"no book has the ISBN {isbn}")
    return BOOKS[isbn]


@app.delete("/books/<isbn>")
def delete_book(isbn: str) -> None:
    found = BOOKS.get(isbn)
    if found is None:
        raise NotFound(f"no book has the ISBN {isbn}")
    if found["on_loan"]:
        raise Conflict({"reason": "on loan", "isbn": isbn})
    del BOOKS[isbn]


@app.get("/admin")
def admin() -> None:
    abort(403, headers={"X-Reason": "staff only"})
