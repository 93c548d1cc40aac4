from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from trestle import App, Body

app = App()


class Item(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    price: float = Field(gt=0)
    tags: list[str] = []


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")  # unknown fields are a 422, not ignored

    display_name: str
    bio: str = ""


@dataclass
class Move:
    x: int
    y: int


@app.post("/items/")
def create_item(item: Item) -> dict[str, object]:
    return {"created": item.name, "price": item.price, "tags": item.tags}


@app.put("/items/<int:id>")
def replace_item(id: int, item: Item, notify: bool = False) -> dict[str, object]:
    return {"id": id, "name": item.name, "notify": notify}


@app.put("/profile")
def update_profile(profile: Profile) -> dict[str, str]:
    return profile.model_dump()


@app.post("/moves")
def move(move: Move) -> dict[str, int]:
    return {"x": move.x, "y": move.y}


@app.post("/transfers")
def transfer(
    source: Annotated[str, Body()],
    target: Annotated[str, Body()],
    amount: Annotated[int, Body(gt=0)],
) -> dict[str, object]:
    return {"from": source, "to": target, "amount": amount}
