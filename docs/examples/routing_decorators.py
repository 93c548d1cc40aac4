from uuid import UUID

from trestle import App, Request, abort

app = App()

ARTICLES = {1: "Routing in Trestle", 2: "Middleware without call_next"}


@app.get("/articles/")
def article_list() -> list[dict[str, object]]:
    return [{"id": id, "title": title} for id, title in ARTICLES.items()]


@app.post("/articles/")
def article_create(request: Request) -> tuple[dict[str, object], int]:
    id = max(ARTICLES) + 1
    ARTICLES[id] = request.json["title"]
    return {"id": id, "title": ARTICLES[id]}, 201


@app.get("/articles/<int:id>")
def article_detail(id: int) -> dict[str, object]:
    if id not in ARTICLES:
        abort(404, f"there is no article {id}")
    return {"id": id, "title": ARTICLES[id]}


@app.route("/articles/<int:id>/star", methods=["PUT", "DELETE"])
def article_star(request: Request, id: int) -> dict[str, object]:
    return {"id": id, "starred": request.method == "PUT"}


@app.get("/orders/<uuid:order_id>")
def order_detail(order_id: UUID) -> dict[str, str]:
    return {"order": str(order_id), "version": str(order_id.version)}


@app.get("/docs/<path:page>")
def docs_page(page: str) -> dict[str, str]:
    return {"page": page}


@app.get("/tags/<slug:tag>", name="tag")
def articles_by_tag(tag: str) -> dict[str, str]:
    return {"tag": tag}
