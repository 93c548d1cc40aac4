import uuid
from pathlib import Path

from trestle import App, Request, abort

UPLOAD_DIR = Path("uploads")

app = App({"REQUEST_MAX_BODY_SIZE": 5 * 1024 * 1024, "REQUEST_MAX_FORM_FILES": 1})


@app.post("/profile")
def update_profile(request: Request) -> dict[str, object]:
    name = request.form.get("name", "").strip()
    if not name:
        abort(422, "the name is required")
    result: dict[str, object] = {"name": name, "interests": request.form.getlist("interest")}
    avatar = request.files.get("avatar")
    if avatar is not None:
        # Never build a path from avatar.filename: the client chose it.
        stored_as = f"{uuid.uuid4().hex}.bin"
        avatar.save(UPLOAD_DIR / stored_as)
        result["avatar"] = {
            "filename": avatar.filename,
            "content_type": avatar.content_type,
            "size": avatar.size,
            "stored_as": stored_as,
        }
    return result
