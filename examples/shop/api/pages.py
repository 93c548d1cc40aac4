"""The API tokens page, for people: list your tokens, make one, revoke one.

It is behind the login, two-factor included, so a token never lets anyone skip a step of
it. There is deliberately no API endpoint that trades a username and password for a token:
it would be a way in that needs no second factor.
"""

from trestle import RedirectResponse, Request, messages
from trestle.auth import login_required
from trestle.forms import Form, TextField
from trestle.http.exceptions import NotFound
from trestle.templating import TemplateResponse, render

from . import tokens
from .schemas import MAX_ID

#: The token page shows a secret: no cache, not even the browser's, may keep it.
NO_STORE = {"Cache-Control": "no-store"}


class NewTokenForm(Form):
    """Name a new token after what will use it."""

    name = TextField(
        max_length=80,
        label="Token name",
        help_text="What will use it, e.g. “stock report script”.",
    )


@login_required
def token_list(request: Request) -> TemplateResponse:
    """GET: your tokens and the form; POST: make a token and show it, this once."""
    user_id = request.user.id
    form = NewTokenForm.from_request(request)
    new_token = None
    status = 200
    if form.is_valid():
        if tokens.count_for(request.db, user_id) >= tokens.MAX_TOKENS_PER_USER:
            form.add_error(
                "name",
                f"An account may hold {tokens.MAX_TOKENS_PER_USER} tokens: "
                "revoke one you no longer use first.",
            )
        else:
            _, new_token = tokens.issue(request.db, user_id, form.cleaned_data["name"])
            request.db.commit()
            # Shown in this answer, not after a redirect: the token would otherwise have to
            # wait in the session, which is a cookie here, readable by whoever holds it.
            form = NewTokenForm()
    if form.is_bound and form.has_errors:
        status = 400
    context = {
        "title": "API tokens",
        "form": form,
        "new_token": new_token,
        "tokens": tokens.tokens_of(request.db, user_id),
        "max_tokens": tokens.MAX_TOKENS_PER_USER,
        "orders_url": f"{request.scheme}://{request.host}{request.url_for('api:order_list')}",
    }
    return render(request, "api/tokens.html", context, status=status, headers=NO_STORE)


@login_required
def revoke_token(request: Request, token_id: int) -> RedirectResponse:
    """Delete one of your tokens: programs using it get a 401 from now on."""
    if token_id > MAX_ID or not tokens.revoke(request.db, request.user.id, token_id):
        raise NotFound("You have no such token.")
    request.db.commit()
    messages.success(request, "The token is revoked: it no longer opens the API.")
    return RedirectResponse(request.url_for("api:tokens"), 303)
