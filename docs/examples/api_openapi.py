from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from trestle import App, abort
from trestle.api import OpenAPI
from trestle.params import Query

app = App()


class Tea(BaseModel):
    name: str = Field(min_length=1, max_length=40, examples=["Sencha"])
    origin: str
    grams_in_stock: int = Field(ge=0)


TEAS = {1: Tea(name="Sencha", origin="Japan", grams_in_stock=500)}


@app.get("/teas", tags=["teas"])
def list_teas(
    limit: Annotated[int, Query(ge=1, le=100, description="How many to return")] = 20,
) -> list[Tea]:
    """List the teas.

    The most popular first.
    """
    return list(TEAS.values())[:limit]


@app.get("/teas/<int:id>", tags=["teas"], responses={404: "No tea has this id"})
def get_tea(id: int) -> Tea:
    """One tea."""
    if id not in TEAS:
        abort(404, f"no tea {id}")
    return TEAS[id]


@app.post("/teas", tags=["teas"], status_code=201)
def add_tea(tea: Tea) -> Tea:
    """Add a tea to the catalogue."""
    TEAS[max(TEAS) + 1] = tea
    return tea


@app.get("/health", include_in_schema=False)
def health() -> dict[str, bool]:
    return {"ok": True}


OpenAPI(
    app,
    title="Tea shop",
    version="1.0.0",
    description="Everything about our teas.",
    tags=[{"name": "teas", "description": "The catalogue"}],
)
