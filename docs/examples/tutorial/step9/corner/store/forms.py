"""The store app's forms."""

from trestle.forms import ChoiceField, IntegerField, ModelForm, TextField

from .models import RATINGS, Item, Review


class ReviewForm(ModelForm):
    """A review of an item: how many stars, and what the customer thought."""

    rating = ChoiceField(RATINGS, widget="radios", label="Stars")
    text = TextField(widget="textarea", max_length=2000, label="Your review")

    class Meta:
        model = Review
        fields = ["rating", "text"]


class ItemForm(ModelForm):
    """An item as the admin edits it: a price and a stock that cannot go below zero."""

    price_pence = IntegerField(min_value=0, label="Price in pence")
    stock = IntegerField(min_value=0)

    class Meta:
        model = Item
        fields = ["name", "slug", "description", "price_pence", "stock", "is_available"]
