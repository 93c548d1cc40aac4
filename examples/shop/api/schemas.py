"""What the API reads and writes, as pydantic models: the OpenAPI document is made from these.

Money goes out twice: ``price_cents`` (an integer, exact, for programs) and ``price`` (a
decimal string such as ``"4.50"``, for people and for languages whose JSON numbers are
floats). Nothing here is a float.
"""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from orders.models import OrderStatus

#: The largest id a row can have (a 32-bit INTEGER on PostgreSQL): larger ones find nothing.
MAX_ID = 2**31 - 1
#: The most of one product a line may ask for (the stock column is an integer too).
MAX_QUANTITY = 1000
MAX_LINES = 50
#: Printable text on one line: no control characters (PostgreSQL refuses NUL in text).
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
#: Printable text over several lines: newlines and tabs allowed, other controls not.
LINES = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
#: A decimal amount as the API writes it.
DECIMAL = r"^[0-9]+\.[0-9]{2}$"


def _not_blank(value: str) -> str:
    """Strip the text; only spaces is as good as nothing."""
    value = value.strip()
    if not value:
        raise ValueError("must not be blank")
    return value


def decimal_string(cents: int) -> str:
    """``450`` -> ``"4.50"``: exact, never through a float."""
    euros, rest = divmod(cents, 100)
    return f"{euros}.{rest:02d}"


Amount = Annotated[str, Field(pattern=DECIMAL, examples=["4.50"])]


# -- the catalogue ----------------------------------------------------------------------


class CategoryOut(BaseModel):
    """A category of products."""

    id: int
    slug: str = Field(examples=["green-tea"])
    name: str
    description: str


class CategoryList(BaseModel):
    """Every category, by name."""

    items: list[CategoryOut]


class ProductOut(BaseModel):
    """A product on sale."""

    id: int
    slug: str = Field(examples=["sencha"])
    name: str
    description: str
    price: Amount = Field(description="The price in euros, as a decimal string.")
    price_cents: int = Field(ge=0, description="The price in euro cents.")
    stock: int = Field(ge=0)
    in_stock: bool
    category: str = Field(description="The slug of the product's category.")
    image_url: str | None = Field(description="An absolute URL of the product's picture.")


class Pagination(BaseModel):
    """Where a page is among the others."""

    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=100)
    total: int = Field(ge=0, description="How many items there are on all the pages.")
    pages: int = Field(ge=1)


class ProductPage(Pagination):
    """One page of products."""

    items: list[ProductOut]


# -- orders ---------------------------------------------------------------------------------


class OrderLineIn(BaseModel):
    """How many of one product to buy."""

    model_config = ConfigDict(extra="forbid")

    product_id: int = Field(ge=1, le=MAX_ID, examples=[1])
    quantity: int = Field(ge=1, le=MAX_QUANTITY, examples=[2])


class OrderIn(BaseModel):
    """An order to place: its lines, and where to send it. The email is the account's.

    Fields the API does not know are refused (422), not ignored: an order moves money and
    stock, and a misspelt or unsupported field (``"quantitiy"``, ``"email"``, ``"price"``)
    had better be an error the client sees than a surprise in what was ordered.
    """

    model_config = ConfigDict(extra="forbid")

    lines: list[OrderLineIn] = Field(min_length=1, max_length=MAX_LINES)
    full_name: Annotated[
        str,
        Field(min_length=1, max_length=120, pattern=ONE_LINE, examples=["Ada Lovelace"]),
        AfterValidator(_not_blank),
    ]
    address: Annotated[
        str,
        Field(min_length=1, max_length=1000, pattern=LINES, examples=["12 St James's Square"]),
        AfterValidator(_not_blank),
    ]


class OrderLineOut(BaseModel):
    """One line of an order, at the price it had when the order was placed."""

    product_id: int | None = Field(description="null once the product has been deleted.")
    product_name: str
    unit_price: Amount
    unit_price_cents: int = Field(ge=0)
    quantity: int = Field(ge=1)
    subtotal_cents: int = Field(ge=0)


class OrderOut(BaseModel):
    """An order of the caller's."""

    id: int
    status: OrderStatus
    full_name: str
    email: str
    address: str
    total: Amount
    total_cents: int = Field(ge=0)
    created_at: datetime
    lines: list[OrderLineOut]


class OrderPage(Pagination):
    """One page of the caller's orders, newest first."""

    items: list[OrderOut]


class ProblemDetails(BaseModel):
    """An error (RFC 9457 problem details), as every error of the API is answered."""

    type: str
    title: str
    status: int
    detail: str


class ShortageOut(BaseModel):
    """A line that cannot be served."""

    product_id: int
    name: str
    requested: int
    available: int = Field(description="How many are left (0 for a product no longer sold).")


class OutOfStockProblem(ProblemDetails):
    """The 409 of an order that asks for more than is left, with each line that is short."""

    status: Literal[409]
    shortages: list[ShortageOut]
