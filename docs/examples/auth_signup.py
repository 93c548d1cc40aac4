import trestle.sessions
from trestle import App, Request, Settings, abort
from trestle.auth import Auth, PasswordValidationError, login
from trestle.auth.models import User
from trestle.db import Database

settings = Settings(
    SECRET_KEY="read-me-from-the-environment-in-production-0123456789",
    DATABASE_URL="sqlite://",
    AUTH_URL_PREFIX="",  # this app has its own sign-up; the pages are left out
)
app = App(settings)
database = Database(app)
trestle.sessions.install(app)
auth = Auth.install(app)  # elsewhere: Auth.of(request.app)
database.create_all()

SAVED_BASKETS: dict[str, dict[str, int]] = {}  # a table, in a real shop


@app.post("/basket/<str:item>")
def add_to_basket(request: Request, item: str) -> dict[str, int]:
    basket = request.session.get("basket", {})  # works before logging in too
    basket[item] = basket.get(item, 0) + 1
    request.session["basket"] = basket
    return basket


@app.post("/signup")
def signup(request: Request) -> tuple[dict[str, object], int]:
    data = request.json
    user = User(username=str(data.get("username", "")), email=str(data.get("email", "")))
    password = str(data.get("password", ""))
    try:
        auth.validate_password(password, user)  # AUTH_PASSWORD_VALIDATORS, every complaint
    except PasswordValidationError as error:
        return {"password": error.messages}, 400
    auth.set_password(user, password)  # an argon2id hash, never the password itself
    request.db.add(user)
    request.db.commit()
    login(request, user)  # runs the login hooks
    return {"username": user.username}, 201


@app.get("/account/basket")
def account_basket(request: Request) -> dict[str, int]:
    if not request.user.is_authenticated:
        abort(401)
    return SAVED_BASKETS.get(request.user.username, {})


@auth.on_login
def keep_the_basket(request: Request, user: User) -> None:
    """What the visitor put in the basket before logging in is now the account's."""
    basket = request.session.pop("basket", {})
    saved = SAVED_BASKETS.setdefault(user.username, {})
    for item, quantity in basket.items():
        saved[item] = saved.get(item, 0) + quantity
