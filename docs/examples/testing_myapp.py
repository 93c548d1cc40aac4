from collections.abc import Mapping
from typing import Any

from trestle import App, RedirectResponse, Request, abort


def create_app(settings: Mapping[str, Any] | None = None) -> App:
    app = App(settings)
    ready: list[bool] = []

    @app.on_startup
    def start() -> None:
        ready.append(True)

    @app.get("/health")
    def health() -> dict[str, bool]:
        return {"ready": bool(ready)}

    @app.post("/login")
    def login(request: Request) -> RedirectResponse:
        response = RedirectResponse(request.url_for("dashboard"), 303)
        response.set_cookie("user", request.form.get("user", "guest"))
        return response

    @app.get("/dashboard")
    def dashboard(request: Request) -> dict[str, str]:
        user = request.cookies.get("user")
        if user is None:
            abort(401, "log in first")
        return {"user": user}

    return app


app = create_app()
