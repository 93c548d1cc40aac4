from trestle import App, abort
from trestle.logs import RequestLogMiddleware

# A project lists "trestle.logs.RequestLogMiddleware" first in MIDDLEWARE; a one-file app
# adds it itself, as its outermost middleware.
app = App(middleware=[RequestLogMiddleware()])


@app.get("/notes/<int:id>")
def note(id: int) -> dict[str, int]:
    if id > 100:
        abort(404)
    return {"id": id}
