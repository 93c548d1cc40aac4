from sqlalchemy import select
from sqlalchemy.orm import Mapped

from trestle import App, Request
from trestle.db import Database, Model, atomic


class Note(Model):
    __app_label__ = "notes"

    text: Mapped[str]


app = App({"DATABASE_URL": "sqlite://"})
db = Database(app)
db.create_all()


@app.post("/notes")
async def add_note(request: Request) -> tuple[dict[str, int], int]:
    note = Note(text=request.json["text"])
    async with atomic():  # request.db is an AsyncSession in an async def view
        request.db.add(note)
    return {"id": note.id}, 201


@app.get("/notes")
async def list_notes(request: Request) -> list[str]:
    texts = await request.db.scalars(select(Note.text).order_by(Note.id))
    return list(texts)


@app.get("/notes/<id>")
async def show_note(request: Request, id: str) -> dict[str, str]:
    note = await request.db.get_or_404(Note, id)  # the helpers are awaited
    return {"text": note.text}


@app.get("/count")
def count_notes(request: Request) -> dict[str, int]:
    # A def view of the same app gets a Session over the same database.
    return {"notes": len(request.db.scalars(select(Note)).all())}
