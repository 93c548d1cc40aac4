"""The store app's views: the items, their reviews, and a customer's own reviews."""

from sqlalchemy import select

from trestle import RedirectResponse, Request, abort, messages
from trestle.auth import login_required
from trestle.templating import TemplateResponse, render

from .forms import ReviewForm
from .models import Item, Review


def item_list(request: Request) -> TemplateResponse:
    """The home page: every item on sale, by name."""
    items = request.db.scalars(select(Item).where(Item.is_available).order_by(Item.name))
    return render(request, "store/item_list.html", {"title": "What we sell", "items": items})


def item_on_sale(request: Request, slug: str) -> Item:
    """The item on sale with this slug, or a 404."""
    item = request.db.scalar(select(Item).where(Item.slug == slug, Item.is_available))
    if item is None:
        abort(404, f"The Corner Shop does not sell {slug!r}.")
    return item


def item_page(request: Request, item: Item, form: ReviewForm, status: int) -> TemplateResponse:
    """An item, its reviews, and the review form."""
    reviews = request.db.scalars(
        select(Review).where(Review.item_id == item.id).order_by(Review.id.desc())
    )
    context = {"title": item.name, "item": item, "reviews": reviews, "form": form}
    return render(request, "store/item_detail.html", context, status=status)


def item_detail(request: Request, slug: str) -> TemplateResponse:
    """One item on sale and its reviews."""
    return item_page(request, item_on_sale(request, slug), ReviewForm(), 200)


@login_required
def add_review(request: Request, slug: str) -> TemplateResponse | RedirectResponse:
    """A customer's review of an item, from the form on the item's page."""
    item = item_on_sale(request, slug)
    form = ReviewForm.from_request(request)
    if not form.is_valid():
        # A form sent with mistakes is a 400: the page again, with a message by each field.
        return item_page(request, item, form, 400)
    user = request.user
    request.db.add(form.apply(Review(item=item, user_id=user.id, author=user.username)))
    request.db.commit()
    messages.success(request, f"Thank you for your review, {user.username}!")
    # 303 See Other: reloading the page that follows does not send the form again.
    return RedirectResponse(request.url_for("store:item_detail", slug=slug), 303)


@login_required
def my_reviews(request: Request) -> TemplateResponse:
    """The reviews the logged-in customer wrote, newest first."""
    reviews = request.db.scalars(
        select(Review).where(Review.user_id == request.user.id).order_by(Review.id.desc())
    )
    return render(request, "store/my_reviews.html", {"title": "My reviews", "reviews": reviews})
