import tempfile
from pathlib import Path
from typing import Literal

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

import trestle.messages
import trestle.security
import trestle.sessions
from trestle import App, RedirectResponse, Request, Settings, messages
from trestle.auth import Auth
from trestle.db import Database, Model
from trestle.logs import RequestLogMiddleware
from trestle.templating import TemplateResponse, Templates, render


class Tea(Model):
    __app_label__ = "teahouse"  # table "teahouse_tea"

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str]
    description: Mapped[str] = mapped_column(default="")
    price_cents: Mapped[int]


settings = Settings(
    SECRET_KEY="read-me-from-the-environment-in-production-0123456789",
    ALLOWED_HOSTS=["testserver"],
    DATABASE_URL=f"sqlite:///{tempfile.mkdtemp()}/teas.sqlite3",  # a project sets DATABASES
)

# The batteries in the order a project's build_app() installs them.
app = App(settings)
database = Database(app)  # request.db, the 503 and 409 answers
Templates(app, directory=Path(__file__).parent / "templates")
app.add_middleware(RequestLogMiddleware())  # what MIDDLEWARE lists
trestle.sessions.install(app)  # then INSTALLED_APPS, in order
trestle.security.install(app)
trestle.messages.install(app)
Auth.install(app)

database.create_all()  # a project runs `trestle migrate` instead
with database.session() as session:
    session.add(
        Tea(
            slug="green-sencha",
            name="Green Sencha",
            description="Grassy & <fresh>",
            price_cents=850,
        )
    )
    session.commit()

SYMBOLS = {"EUR": "€", "GBP": "£"}


@app.get("/teas/<slug:slug>/")
def tea_detail(
    request: Request, slug: str, currency: Literal["EUR", "GBP"] = "EUR"
) -> TemplateResponse:
    tea = request.db.first_or_404(select(Tea).where(Tea.slug == slug))
    price_cents = tea.price_cents if currency == "EUR" else tea.price_cents * 85 // 100
    context = {"tea": tea, "price_cents": price_cents, "symbol": SYMBOLS[currency]}
    return render(request, "teahouse/tea.html", context)


@app.post("/teas/<slug:slug>/basket")
def add_to_basket(request: Request, slug: str) -> RedirectResponse:
    tea = request.db.first_or_404(select(Tea).where(Tea.slug == slug))
    basket = request.session.get("basket", {})
    basket[slug] = basket.get(slug, 0) + 1
    request.session["basket"] = basket  # assigned again: the session notices the change
    messages.success(request, f"{tea.name} is in your basket.")
    return RedirectResponse(request.url_for("tea_detail", slug=slug), 303)
