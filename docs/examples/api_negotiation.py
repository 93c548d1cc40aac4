from trestle import App, HTMLResponse, JSONResponse, PlainTextResponse, Request, abort

app = App()

TEAS = ["Sencha", "Assam", "Oolong"]


@app.get("/teas")
def teas(request: Request) -> JSONResponse | HTMLResponse | PlainTextResponse:
    chosen = request.preferred("application/json", "text/html", "text/plain")
    headers = {"Vary": "Accept"}
    if chosen == "application/json":
        return JSONResponse(TEAS, headers=headers)
    if chosen == "text/html":
        items = "".join(f"<li>{tea}</li>" for tea in TEAS)
        return HTMLResponse(f"<ul>{items}</ul>", headers=headers)
    if chosen == "text/plain":
        return PlainTextResponse("\n".join(TEAS), headers=headers)
    abort(406, "available as JSON, HTML or plain text")


@app.get("/report")
def report(request: Request) -> dict[str, bool]:
    return {"csv_ok": request.accepts("text/csv")}
