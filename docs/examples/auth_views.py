from typing import Annotated

import trestle.sessions
from trestle import App, Request, Settings
from trestle.auth import Auth, aauthenticate, alogin, auser, authenticate, login, logout
from trestle.auth.dependencies import require_user
from trestle.auth.models import User
from trestle.db import Database
from trestle.params import Depends

settings = Settings(
    SECRET_KEY="read-me-from-the-environment-in-production-0123456789",
    DATABASE_URL="sqlite://",
    AUTH_URL_PREFIX="",  # no login pages: this app logs in through its API
)
app = App(settings)
database = Database(app)
trestle.sessions.install(app)
auth = Auth.install(app)
database.create_all()
with database.session() as session:
    password = auth.hasher.hash("correct-horse-battery")
    session.add(User(username="ada", email="ada@example.com", password=password))
    session.commit()


@app.post("/api/login")
def api_login(request: Request) -> tuple[dict[str, str], int]:
    data = request.json
    user = authenticate(request, data.get("username"), data.get("password"))
    if user is None:
        return {"error": "wrong username or password"}, 400
    login(request, user)  # a new session key and CSRF token; last_login is saved
    return {"username": user.username}, 200


@app.post("/api/async-login")
async def api_async_login(request: Request) -> tuple[dict[str, str], int]:
    data = request.json
    user = await aauthenticate(request, data.get("username"), data.get("password"))
    if user is None:
        return {"error": "wrong username or password"}, 400
    await alogin(request, user)
    return {"username": user.username}, 200


@app.post("/api/logout")
def api_logout(request: Request) -> dict[str, bool]:
    logout(request)
    return {"logged_out": True}


@app.get("/api/me")
def me(user: Annotated[User, Depends(require_user)]) -> dict[str, str]:
    return {"username": user.username}  # 401 for visitors who are not logged in


@app.get("/api/whoami")
async def whoami(request: Request) -> dict[str, str | None]:
    user = await auser(request)  # loaded off the event loop
    return {"username": user.username if user.is_authenticated else None}
