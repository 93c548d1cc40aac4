from typing import Annotated

from trestle import App, File, Form
from trestle.http.forms import UploadedFile

app = App()


@app.post("/signup")
def signup(
    email: Annotated[str, Form(pattern=r"^[^@\s]+@[^@\s]+$")],
    age: Annotated[int, Form(ge=13)],
    interests: Annotated[list[str], Form()] = [],  # noqa: B006 (never mutated)
    newsletter: Annotated[bool, Form()] = False,
) -> dict[str, object]:
    return {"email": email, "age": age, "interests": interests, "newsletter": newsletter}


@app.post("/avatar")
def avatar(
    user: Annotated[str, Form()],
    image: Annotated[UploadedFile, File()],
) -> dict[str, object]:
    content = image.read()
    return {"user": user, "filename": image.filename, "size": len(content)}
