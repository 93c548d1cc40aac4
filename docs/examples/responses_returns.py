from pydantic import BaseModel

from trestle import App, PlainTextResponse

app = App()


class User(BaseModel):
    name: str
    admin: bool = False


@app.get("/html")
def html() -> str:
    return "<p>A str is HTML.</p>"


@app.get("/json")
def json() -> dict[str, object]:
    return {"a dict or a list": "is JSON"}


@app.get("/model")
def model() -> User:
    return User(name="Ada")


@app.get("/bytes")
def raw_bytes() -> bytes:
    return b"\x89PNG..."


@app.get("/nothing")
def nothing() -> None:
    return None


@app.get("/created")
def created() -> tuple[dict[str, int], int, dict[str, str]]:
    return {"id": 7}, 201, {"Location": "/things/7"}


@app.get("/text")
def text() -> PlainTextResponse:
    return PlainTextResponse("Any Response is sent as it is.")
