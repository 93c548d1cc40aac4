"""Forms: declarative form classes, their fields, and model forms (built on trestle.db).

Templates render them with the macros of ``trestle/forms.html``::

    {% import "trestle/forms.html" as forms with context %}
    {{ forms.form(form, submit="Sign up") }}

``ModelForm`` and ``model_form`` load SQLAlchemy when first asked for.
"""

from typing import Any

from trestle.forms.bound import BoundField as BoundField
from trestle.forms.errors import ValidationError as ValidationError
from trestle.forms.fields import BooleanField as BooleanField
from trestle.forms.fields import ChoiceField as ChoiceField
from trestle.forms.fields import DateField as DateField
from trestle.forms.fields import DateTimeField as DateTimeField
from trestle.forms.fields import DecimalField as DecimalField
from trestle.forms.fields import EmailField as EmailField
from trestle.forms.fields import Field as Field
from trestle.forms.fields import FloatField as FloatField
from trestle.forms.fields import HiddenField as HiddenField
from trestle.forms.fields import IntegerField as IntegerField
from trestle.forms.fields import MultipleChoiceField as MultipleChoiceField
from trestle.forms.fields import PasswordField as PasswordField
from trestle.forms.fields import TextField as TextField
from trestle.forms.fields import URLField as URLField
from trestle.forms.files import FileField as FileField
from trestle.forms.files import ImageField as ImageField
from trestle.forms.files import ImageUpload as ImageUpload
from trestle.forms.form import Form as Form

__all__ = [
    "BooleanField",
    "BoundField",
    "ChoiceField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "EmailField",
    "Field",
    "FileField",
    "FloatField",
    "Form",
    "HiddenField",
    "ImageField",
    "ImageUpload",
    "IntegerField",
    "ModelForm",
    "MultipleChoiceField",
    "PasswordField",
    "TextField",
    "URLField",
    "ValidationError",
    "model_form",
]


def __getattr__(name: str) -> Any:
    # Model forms need SQLAlchemy; plain forms do not pay for it.
    if name in ("ModelForm", "model_form"):
        from trestle.forms import models

        return getattr(models, name)
    raise AttributeError(f"module 'trestle.forms' has no attribute {name!r}")
