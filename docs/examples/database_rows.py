from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Mapped

from trestle import App, Request, abort
from trestle.db import Database, Model


class Stock(Model):
    __app_label__ = "shop"  # table "shop_stock"

    sku: Mapped[str]
    quantity: Mapped[int]


app = App({"DATABASE_URL": "sqlite://"})
db = Database(app)
db.create_all()

# Built once, when the module is imported; the values are bound per request.
STOCK_OF = select(Stock.sku, Stock.quantity).where(Stock.sku == bindparam("sku"))
TAKE = (
    update(Stock)
    .where(Stock.sku == bindparam("item"), Stock.quantity >= bindparam("wanted"))
    .values(quantity=Stock.quantity - bindparam("wanted"))
)


@app.get("/stock/<sku>")
def stock(request: Request, sku: str) -> dict[str, object]:
    row = request.db.rows(STOCK_OF, {"sku": sku}).one_or_none()
    if row is None:
        abort(404, f"no stock of {sku}")
    return {"sku": row.sku, "quantity": row.quantity}


@app.post("/stock/<sku>/take")
def take(request: Request, sku: str) -> tuple[dict[str, object], int]:
    body = request.json
    wanted = body.get("quantity") if isinstance(body, dict) else None
    if type(wanted) is not int or wanted < 1:
        abort(400, "quantity must be a whole number above 0")
    taken = request.db.rows(TAKE, {"item": sku, "wanted": wanted})
    if taken.rowcount == 0:
        return {"detail": f"fewer than {wanted} of {sku} in stock"}, 409
    request.db.commit()  # writes through rows() are committed like any other
    return stock(request, sku), 200
