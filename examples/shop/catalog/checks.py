"""Rules for what staff type into the admin, so a saved row never breaks a catalogue page.

A slug must be one the URLs accept (else its page could not be linked), an image a path
under the static files, and a price or a stock never negative (the database's CHECKs
would refuse them too, but as an error on the field, not a failed save).
"""

import re
from typing import Any

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
IMAGE = re.compile(r"[-a-zA-Z0-9_]+(/[-a-zA-Z0-9_.]+)*\.(svg|png|jpe?g|webp|gif|avif)")


def slug_problem(slug: Any) -> str:
    """Why ``slug`` cannot name a page, or ``""``."""
    if isinstance(slug, str) and SLUG.fullmatch(slug):
        return ""
    return "Use only letters, digits, hyphens and underscores: it becomes the page's URL."


def image_problem(image: Any) -> str:
    """Why ``image`` is not a picture path under the static files, or ``""``."""
    if image in ("", None):
        return ""
    if isinstance(image, str) and IMAGE.fullmatch(image) and ".." not in image:
        return ""
    return (
        "Give a path under the static files, like catalog/products/sencha.svg "
        "(an .svg, .png, .jpg, .webp, .gif or .avif file)."
    )


def not_negative_problem(value: Any) -> str:
    """Why ``value`` cannot be a price or a stock, or ``""``."""
    if isinstance(value, int) and value < 0:
        return "This cannot be below zero."
    return ""
