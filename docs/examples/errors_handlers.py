import logging
from html import escape

from trestle import App, HTMLResponse, HTTPException, JSONResponse, Request

log = logging.getLogger("shop")


class OutOfStock(Exception):
    def __init__(self, sku: str) -> None:
        super().__init__(f"{sku} is out of stock")
        self.sku = sku


app = App()


@app.post("/cart/<sku>")
def add_to_cart(sku: str) -> dict[str, str]:
    raise OutOfStock(sku)


@app.get("/crash")
def crash() -> None:
    raise RuntimeError("the database password is hunter2")


@app.errorhandler(OutOfStock)
def out_of_stock(request: Request, error: OutOfStock) -> JSONResponse:
    problem = {
        "type": "https://shop.example/problems/out-of-stock",
        "title": "Out of stock",
        "status": 409,
        "detail": str(error),
        "sku": error.sku,
    }
    return JSONResponse(problem, 409, media_type="application/problem+json")


@app.errorhandler(404)
def not_found(request: Request, error: HTTPException) -> HTMLResponse:
    page = f"<h1>Nothing at {escape(request.path)}</h1><p>{escape(str(error.detail))}</p>"
    return HTMLResponse(page, 404, error.headers)


@app.errorhandler(500)
def server_error(request: Request, error: Exception) -> JSONResponse:
    # Trestle has already logged the traceback on "trestle.error"; add what you need.
    log.warning("sent the apology page (request id %s)", request.id)
    return JSONResponse({"detail": "Sorry, something broke.", "request_id": request.id}, 500)
