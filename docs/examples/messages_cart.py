from pathlib import Path

from trestle import App, RedirectResponse, Request, messages
from trestle.templating import Templates, render

app = App({"SECRET_KEY": "change-me-to-a-long-random-value"})
Templates(app, directory=Path(__file__).parent / "templates")
messages.install(app)

CART: list[str] = []


@app.post("/cart")
def add_to_cart(request: Request):
    item = request.form.get("item", "")
    if not item:
        messages.error(request, "Choose something to add.")
    else:
        CART.append(item)
        messages.success(request, f"{item} is in your cart.")
        if len(CART) > 3:
            messages.add_message(request, "warning", "Your cart is getting heavy.")
    return RedirectResponse("/cart", 303)


@app.get("/cart")
def cart(request: Request):
    return render(request, "cart.html", {"items": len(CART)})
