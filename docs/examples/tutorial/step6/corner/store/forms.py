"""The store app's forms."""

from trestle.forms import ChoiceField, ModelForm, TextField

from .models import RATINGS, Review


class ReviewForm(ModelForm):
    """A review of an item: how many stars, and what the customer thought."""

    rating = ChoiceField(RATINGS, widget="radios", label="Stars")
    text = TextField(widget="textarea", max_length=2000, label="Your review")

    class Meta:
        model = Review
        fields = ["rating", "text"]
