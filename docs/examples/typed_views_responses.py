from pydantic import BaseModel

from trestle import App, JSONResponse

app = App()


class UserIn(BaseModel):
    username: str
    password: str


class UserOut(BaseModel):
    username: str


USERS: dict[str, UserIn] = {}


@app.post("/users", status_code=201)
def create_user(user: UserIn) -> UserOut:
    USERS[user.username] = user
    return user  # the password is filtered out by the response model


@app.get("/users")
def list_users() -> list[UserOut]:
    return list(USERS.values())


@app.get("/users/<username>", response_model=UserOut)
def get_user(username: str) -> UserIn | JSONResponse:
    if username not in USERS:
        return JSONResponse({"detail": f"no user {username}"}, 404)  # sent as it is
    return USERS[username]
