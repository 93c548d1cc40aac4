from trestle import App, Request, abort

app = App()

NOTES: list[dict[str, object]] = []


@app.post("/api/notes")
def create_note(request: Request) -> tuple[dict[str, object], int, dict[str, str]]:
    data = request.json  # 415 unless the body is JSON, 400 if it is malformed
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        abort(422, "send an object with a string 'text'")
    note = {"id": len(NOTES) + 1, "text": data["text"]}
    NOTES.append(note)
    return note, 201, {"Location": request.url_for("note_detail", id=note["id"])}


@app.get("/api/notes/<int:id>")
def note_detail(id: int) -> dict[str, object]:
    if not 0 < id <= len(NOTES):
        abort(404, f"there is no note {id}")
    return NOTES[id - 1]
