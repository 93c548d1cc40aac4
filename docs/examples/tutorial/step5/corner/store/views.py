"""The store app's views: the list of items, and one item with its reviews."""

from sqlalchemy import select

from trestle import RedirectResponse, Request, abort, messages
from trestle.templating import TemplateResponse, render

from .forms import ReviewForm
from .models import Item, Review


def item_list(request: Request) -> TemplateResponse:
    """The home page: every item on sale, by name."""
    items = request.db.scalars(select(Item).where(Item.is_available).order_by(Item.name))
    return render(request, "store/item_list.html", {"title": "What we sell", "items": items})


def item_detail(request: Request, slug: str) -> TemplateResponse | RedirectResponse:
    """One item on sale and its reviews; a POST adds a review."""
    item = request.db.scalar(select(Item).where(Item.slug == slug, Item.is_available))
    if item is None:
        abort(404, f"The Corner Shop does not sell {slug!r}.")
    form = ReviewForm.from_request(request)
    if form.is_valid():
        review = form.apply(Review(item=item))
        request.db.add(review)
        request.db.commit()
        messages.success(request, f"Thank you for your review, {review.author}!")
        # 303 See Other: reloading the page that follows does not send the form again.
        return RedirectResponse(request.url_for("store:item_detail", slug=slug), 303)
    reviews = request.db.scalars(
        select(Review).where(Review.item_id == item.id).order_by(Review.id.desc())
    )
    context = {"title": item.name, "item": item, "reviews": reviews, "form": form}
    # A form sent with mistakes is a 400: the page again, with a message by each field.
    return render(request, "store/item_detail.html", context, status=400 if form.is_bound else 200)
