"""The cart: in the session for a visitor, in CartItem rows for a logged-in customer.

:class:`Cart` is the one way the shop reads and changes a cart, wherever it lives: the
pages, the header's item count and the merge at login all go through it. Quantities never
exceed what is in stock (nor :data:`MAX_QUANTITY`), and products that are no longer sold
drop out; each such change is described in words for the customer.

Carts are for ``def`` views: they use the request's synchronous session (``request.db``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cart.models import CartItem
from catalog.models import Product
from trestle import Request
from trestle.db import atomic

#: The most of one product a cart line may hold, whatever the stock: it bounds forms too.
MAX_QUANTITY = 999
#: Where a visitor's cart lives in the session: ``{"<product id>": quantity}``.
SESSION_KEY = "cart"
#: The most different products one cart holds: a visitor's cart must fit in a cookie (4 KB).
MAX_LINES = 50
#: The largest id a product can have (a 32-bit column): above it, no product, no query.
MAX_PRODUCT_ID = 2**31 - 1


class UnknownProduct(LookupError):
    """No product with that id is for sale (it does not exist, or is hidden)."""


class CartFull(ValueError):
    """The cart holds :data:`MAX_LINES` different products already: no new one fits."""

    def __init__(self) -> None:
        super().__init__(
            f"Your cart holds {MAX_LINES} different products, the most it can: "
            "check out or take something out first."
        )


@dataclass(frozen=True)
class CartLine:
    """A product in the cart and how many of it."""

    product: Product
    quantity: int

    @property
    def subtotal_cents(self) -> int:
        """The line's price: unit price times quantity, in cents."""
        return self.product.price_cents * self.quantity


@dataclass(frozen=True)
class Change:
    """What ``add`` or ``set`` did: the quantity now in the cart, against the one asked for."""

    product: Product
    requested: int
    quantity: int

    @property
    def capped(self) -> bool:
        """True when the cart holds fewer than asked (stock, or the per-line limit)."""
        return self.quantity < self.requested

    def notice(self) -> str:
        """Why the cart holds fewer than asked, for the customer."""
        return limit_notice(self.product, self.quantity)


def limit_notice(product: Product, quantity: int) -> str:
    """The sentence telling a customer that ``product`` is capped at ``quantity``."""
    if quantity == 0:
        return f"{product.name} is sold out."
    if quantity == MAX_QUANTITY and product.stock > MAX_QUANTITY:
        return f"At most {MAX_QUANTITY} of {product.name} per order: your cart holds {quantity}."
    return f"Only {product.stock} left of {product.name}: your cart holds {quantity}."


def limit_of(product: Product) -> int:
    """The most of ``product`` a cart may hold now."""
    return max(0, min(product.stock, MAX_QUANTITY)) if product.is_active else 0


class CartStore(Protocol):
    """Where a cart's quantities are kept."""

    def load(self) -> dict[int, int]:
        """Every product id in the cart with its quantity (each above zero)."""

    def write(self, product_id: int, quantity: int) -> None:
        """Keep ``quantity`` of the product; 0 takes it out."""

    def clear(self) -> None:
        """Empty the cart."""


class SessionStore:
    """A visitor's cart, as ``{"<product id>": quantity}`` in their session."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def load(self) -> dict[int, int]:
        """The session's cart; entries that are not (id, positive quantity) are ignored."""
        raw = self.session.get(SESSION_KEY)
        if not isinstance(raw, dict):
            return {}
        found: dict[int, int] = {}
        for key, quantity in raw.items():
            # The cookie is signed, but an older shape of it (or a hand-made one in a test)
            # must never break a page.
            valid_key = (
                isinstance(key, str)
                and key.isascii()
                and key.isdecimal()
                and len(key) <= 10
                and int(key) <= MAX_PRODUCT_ID
            )
            if valid_key and type(quantity) is int and quantity > 0:
                found[int(key)] = quantity
        return found

    def write(self, product_id: int, quantity: int) -> None:
        """Store the whole cart again (the session sees only assignments)."""
        cart = {str(key): value for key, value in self.load().items()}
        if quantity > 0:
            cart[str(product_id)] = quantity
        else:
            cart.pop(str(product_id), None)
        if cart:
            self.session[SESSION_KEY] = cart
        else:
            self.session.pop(SESSION_KEY, None)

    def clear(self) -> None:
        """Forget the cart."""
        self.session.pop(SESSION_KEY, None)


class DatabaseStore:
    """A customer's saved cart: one CartItem row per product."""

    def __init__(self, db: Session, user_id: int) -> None:
        self.db = db
        self.user_id = user_id

    def load(self) -> dict[int, int]:
        """The customer's rows, in one query."""
        rows = self.db.execute(
            select(CartItem.product_id, CartItem.quantity).where(CartItem.user_id == self.user_id)
        )
        return {product_id: quantity for product_id, quantity in rows}

    def write(self, product_id: int, quantity: int) -> None:
        """Insert, update or delete the product's row, committed (a savepoint when nested)."""
        with atomic(self.db):
            mine = (CartItem.user_id == self.user_id, CartItem.product_id == product_id)
            if quantity <= 0:
                self.db.execute(delete(CartItem).where(*mine))
                return
            row = self.db.scalar(select(CartItem).where(*mine))
            if row is None:
                self.db.add(
                    CartItem(user_id=self.user_id, product_id=product_id, quantity=quantity)
                )
            else:
                row.quantity = quantity

    def clear(self) -> None:
        """Delete every row of the customer's cart."""
        with atomic(self.db):
            self.db.execute(delete(CartItem).where(CartItem.user_id == self.user_id))


class Cart:
    """A cart, wherever it lives: ``Cart.of(request)`` in a view."""

    def __init__(self, store: CartStore, db: Session) -> None:
        self.store = store
        self.db = db
        #: What the last :meth:`lines` changed, in words for the customer.
        self.notices: list[str] = []
        self._quantities: dict[int, int] | None = None
        self._resolved: tuple[list[CartLine], list[str], dict[int, int]] | None = None

    @classmethod
    def of(cls, request: Request) -> Cart:
        """The request's cart: the session's for a visitor, the saved one for a customer.

        Made once per request and user, so the page and its header agree without asking
        the database twice.
        """
        user = request.user
        owner = user.pk if user.is_authenticated else None
        cached = getattr(request.state, "cart", None)
        if cached is not None and cached[0] == owner:
            return cached[1]  # type: ignore[no-any-return]
        store: CartStore = (
            DatabaseStore(request.db, owner) if owner is not None else SessionStore(request.session)
        )
        cart = cls(store, request.db)
        request.state.cart = (owner, cart)
        return cart

    # -- reading ------------------------------------------------------------------------

    def quantities(self) -> dict[int, int]:
        """What the cart holds, as stored: product id -> quantity (nothing checked)."""
        if self._quantities is None:
            self._quantities = self.store.load()
        return dict(self._quantities)

    def lines(self) -> list[CartLine]:
        """The lines, in name order, brought in line with the catalogue (and stored so).

        Products no longer sold leave the cart and quantities above the stock come down
        to it; :attr:`notices` then says what changed. The products load in one query.
        """
        lines, notices, changes = self._resolve()
        for product_id, quantity in changes.items():
            self._write(product_id, quantity)
        # Stored: the lines stand as they are, and their notices are not given twice.
        self._resolved = (lines, [], {})
        self.notices = notices
        return list(lines)

    def count(self) -> int:
        """How many items the cart holds (as :meth:`lines` would show them; nothing stored)."""
        return sum(line.quantity for line in self._resolve()[0])

    def total_cents(self) -> int:
        """What the cart costs, in cents."""
        return sum(line.subtotal_cents for line in self._resolve()[0])

    def _resolve(self) -> tuple[list[CartLine], list[str], dict[int, int]]:
        """The lines as they may be now, the notices, and the changes to store."""
        if self._resolved is not None:
            return self._resolved
        quantities = self.quantities()
        products = self._products(quantities)
        lines: list[CartLine] = []
        notices: list[str] = []
        changes: dict[int, int] = {}
        for product_id, quantity in quantities.items():
            product = products.get(product_id)
            if product is None or not product.is_active:
                changes[product_id] = 0
                if product is not None:
                    notices.append(f"{product.name} is no longer sold: it left your cart.")
                else:
                    notices.append("A product that is no longer sold left your cart.")
                continue
            allowed = min(quantity, limit_of(product))
            if allowed < quantity:
                changes[product_id] = allowed
                notices.append(limit_notice(product, allowed))
            if allowed > 0:
                lines.append(CartLine(product, allowed))
        lines.sort(key=lambda line: (line.product.name, line.product.id))
        self._resolved = (lines, notices, changes)
        return self._resolved

    def _products(self, ids: Mapping[int, int]) -> dict[int, Product]:
        if not ids:
            return {}
        found = self.db.scalars(select(Product).where(Product.id.in_(list(ids))))
        return {product.id: product for product in found}

    # -- changing -------------------------------------------------------------------------

    def add(self, product_id: int, quantity: int = 1) -> Change:
        """Put ``quantity`` more of a product in the cart, up to its stock.

        Raises :class:`UnknownProduct` for a product not for sale, :class:`CartFull` for a
        new product when the cart has no room, ValueError below one.
        """
        if quantity < 1:
            raise ValueError("add at least one")
        product = self._for_sale(product_id)
        wanted = self.quantities().get(product_id, 0) + quantity
        return self._put(product, wanted)

    def set(self, product_id: int, quantity: int) -> Change | None:
        """Make the cart hold ``quantity`` of a product (up to its stock); 0 takes it out.

        Returns None when the product was taken out; raises :class:`UnknownProduct` when
        a quantity is asked of a product not for sale, :class:`CartFull` as ``add`` does,
        ValueError below zero.
        """
        if quantity < 0:
            raise ValueError("a quantity cannot be negative")
        if quantity == 0:
            self.remove(product_id)
            return None
        return self._put(self._for_sale(product_id), quantity)

    def remove(self, product_id: int) -> bool:
        """Take a product out of the cart; False when it was not in it."""
        if product_id not in self.quantities():
            return False
        self._write(product_id, 0)
        return True

    def clear(self) -> None:
        """Empty the cart."""
        self.store.clear()
        self._quantities = {}
        self._resolved = None

    def merge(self, quantities: Mapping[int, int]) -> list[str]:
        """Add another cart's quantities to this one (each capped at the stock).

        Products not for sale are skipped. Returns the notices for lines that were capped,
        or left out because the cart was full.
        """
        products = self._products(quantities)
        notices = []
        for product_id, quantity in sorted(quantities.items()):
            product = products.get(product_id)
            if product is None or not product.is_active or quantity < 1:
                continue
            try:
                change = self._put(product, self.quantities().get(product_id, 0) + quantity)
            except CartFull as full:
                notices.append(str(full))
                break
            if change.capped:
                notices.append(change.notice())
        return notices

    def _for_sale(self, product_id: int) -> Product:
        if not 1 <= product_id <= MAX_PRODUCT_ID:
            raise UnknownProduct(product_id)
        product = self.db.get(Product, product_id)
        if product is None or not product.is_active:
            raise UnknownProduct(product_id)
        return product

    def _put(self, product: Product, wanted: int) -> Change:
        quantity = min(wanted, limit_of(product))
        held = self.quantities()
        if quantity > 0 and product.id not in held and len(held) >= MAX_LINES:
            raise CartFull()
        self._write(product.id, quantity)
        return Change(product, wanted, quantity)

    def _write(self, product_id: int, quantity: int) -> None:
        self.store.write(product_id, quantity)
        if self._quantities is not None:
            if quantity > 0:
                self._quantities[product_id] = quantity
            else:
                self._quantities.pop(product_id, None)
        self._resolved = None
