from trestle import App, RedirectResponse, Request

app = App()


@app.get("/")
def home(request: Request) -> dict[str, str]:
    return {"theme": request.cookies.get("theme", "light")}


@app.post("/theme/<slug:name>")
def choose_theme(name: str) -> RedirectResponse:
    response = RedirectResponse("/", 303)
    response.set_cookie("theme", name, max_age=365 * 24 * 60 * 60)
    return response


@app.delete("/theme")
def forget_theme() -> RedirectResponse:
    response = RedirectResponse("/", 303)
    response.delete_cookie("theme")
    return response
