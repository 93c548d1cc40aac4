from trestle import App
from trestle.api import CORSMiddleware

cors = CORSMiddleware(
    allow_origins=["https://shop.example.com"],
    allow_origin_regex=r"https://[a-z0-9-]+\.preview\.example\.com",
    allow_methods=["GET", "POST", "DELETE"],
    allow_headers=["authorization", "content-type", "x-request-id"],
    expose_headers=["x-total-count"],
    allow_credentials=True,
    max_age=3600,
)
app = App(middleware=[cors])


@app.get("/cart")
def cart() -> tuple[dict[str, list[str]], int, dict[str, str]]:
    return {"items": ["sencha"]}, 200, {"X-Total-Count": "1"}


@app.route("/cart/<int:item>", methods=["DELETE"])
def remove(item: int) -> None:
    return None
