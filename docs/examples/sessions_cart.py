from trestle import App, Request, Settings
from trestle.sessions import SessionMiddleware

settings = Settings(SECRET_KEY="read-me-from-the-environment-in-production-0123456789")
app = App(settings)
app.add_middleware(SessionMiddleware(app.settings))


@app.post("/cart/<str:item>")
def add_to_cart(request: Request, item: str) -> dict[str, int]:
    cart = request.session.get("cart", {})
    cart[item] = cart.get(item, 0) + 1
    request.session["cart"] = cart  # assign again: changing the dict in place is not seen
    return cart


@app.get("/cart")
def show_cart(request: Request) -> dict[str, int]:
    return request.session.get("cart", {})


@app.post("/login")
def login(request: Request) -> dict[str, str]:
    # ...once the password has been checked:
    request.session.cycle_key()  # a new key: a session id planted before login is useless
    request.session["user"] = "ada"
    return {"user": "ada"}


@app.post("/logout")
def logout(request: Request) -> dict[str, str]:
    request.session.flush()  # the data and the key are gone
    return {}


@app.get("/about")
def about() -> str:
    return "This view never touches the session: no cookie is read or written."
