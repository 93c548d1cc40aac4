"""The store app's forms."""

from trestle.forms import ChoiceField, ModelForm, TextField

from .models import RATINGS, Review


class ReviewForm(ModelForm):
    """A review of an item: who wrote it, how many stars, and what they thought."""

    author = TextField(max_length=60, label="Your name", autocomplete="name")
    rating = ChoiceField(RATINGS, widget="radios", label="Stars")
    text = TextField(widget="textarea", max_length=2000, label="Your review")

    class Meta:
        model = Review
        fields = ["author", "rating", "text"]
