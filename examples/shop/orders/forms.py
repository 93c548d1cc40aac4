"""The checkout form: who the order is for and where it goes."""

from trestle.forms import EmailField, Form, TextField


class CheckoutForm(Form):
    """Name, email and postal address of an order (the account's email is the default)."""

    full_name = TextField(max_length=120, autocomplete="name")
    email = EmailField(max_length=254)
    address = TextField(
        widget="textarea",
        max_length=1000,
        autocomplete="street-address",
        help_text="Street, postcode, town and country.",
    )
