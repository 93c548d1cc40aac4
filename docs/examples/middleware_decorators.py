import asyncio

from trestle import App, Request, Response, abort

app = App()

API_KEYS = {"k-123": "ada"}
finished: list[str] = []


async def find_user(api_key: str) -> str | None:
    await asyncio.sleep(0)  # stands in for a query to a database or a cache
    return API_KEYS.get(api_key)


@app.before_request
async def authenticate(request: Request) -> None:
    if request.path.startswith("/api/"):
        user = await find_user(request.headers.get("x-api-key", ""))
        if user is None:
            abort(401, "unknown API key")
        request.state.user = user


@app.after_request
def no_store(request: Request, response: Response) -> None:
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"


@app.teardown
def remember(request: Request, error: BaseException | None) -> None:
    finished.append(request.path)


@app.get("/api/me")
def me(request: Request) -> dict[str, str]:
    return {"user": request.state.user}


@app.get("/")
def home() -> str:
    return "<p>Public page</p>"
