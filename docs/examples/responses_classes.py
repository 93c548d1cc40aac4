from datetime import UTC, datetime

from trestle import (
    App,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Request,
    Response,
)

app = App()


@app.get("/robots.txt")
def robots() -> PlainTextResponse:
    return PlainTextResponse("User-agent: *\nDisallow: /admin/\n")


@app.get("/maintenance")
def maintenance() -> HTMLResponse:
    return HTMLResponse("<h1>Back soon</h1>", 503, {"Retry-After": "120"})


@app.get("/status")
def status() -> JSONResponse:
    response = JSONResponse({"checked_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC)})
    response.headers["Cache-Control"] = "no-store"
    return response


@app.get("/logo.svg")
def logo() -> Response:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    return Response(svg, media_type="image/svg+xml")


@app.get("/old-status")
def old_status(request: Request) -> RedirectResponse:
    return RedirectResponse(request.url_for("status"), 308)
