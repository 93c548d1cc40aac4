"""What the cart's forms accept: a quantity, and where to go next."""

from cart.cart import MAX_QUANTITY
from trestle.forms import Form, HiddenField, IntegerField, ValidationError

#: Cleans one quantity of the cart page's update form (0 takes the line out).
LINE_QUANTITY = IntegerField(min_value=0, max_value=MAX_QUANTITY)


class AddToCartForm(Form):
    """The product page's "Add to cart" form: how many (1 when left out) and where to return."""

    quantity = IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False)
    next = HiddenField(required=False)


def line_quantity(raw: object) -> int:
    """One quantity of the update form as an int; ValidationError with a message if it is not."""
    if not isinstance(raw, str):
        raise ValidationError("Enter a whole number.")
    value: int = LINE_QUANTITY.clean(raw)
    return value
