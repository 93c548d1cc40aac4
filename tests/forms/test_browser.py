"""In headless Chromium: a form with errors shows them by the fields, keeps what was typed
(never the password), and once fixed redirects to a page whose flash message shows once.

The app is the whole stack a project has: templates with Trestle's base look, its static
files, sessions, CSRF and flash messages, served by wsgiref on a real socket. Screenshots go
to test-artifacts/ (light and dark) for a person to look at.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from trestle import App, RedirectResponse, Request, messages
from trestle.forms import (
    BooleanField,
    ChoiceField,
    EmailField,
    Form,
    IntegerField,
    PasswordField,
    TextField,
)
from trestle.staticfiles import StaticFiles
from trestle.templating import Templates, render

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class SignupForm(Form):
    name = TextField(max_length=60, autocomplete="name")
    email = EmailField(help_text="We will never share it.")
    age = IntegerField(min_value=13, required=False)
    plan = ChoiceField([("free", "Free"), ("pro", "Pro")], widget="radios")
    password = PasswordField(min_length=8, autocomplete="new-password")
    confirm = PasswordField(label="Password again", autocomplete="new-password")
    terms = BooleanField(required=True, label="I accept the terms")

    def clean(self) -> None:
        data = self.cleaned_data
        if data.get("password") and data.get("password") != data.get("confirm"):
            self.add_error("confirm", "The passwords differ.")


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    import trestle.security
    import trestle.sessions

    (tmp_path / "signup.html").write_text(
        '{% extends "trestle/base.html" %}'
        '{% import "trestle/forms.html" as forms with context %}'
        "{% block title %}Sign up{% endblock %}"
        '{% block nav %}<nav aria-label="Main"><ul><li><a href="/">Sign up</a></li>'
        '<li><a href="/welcome">Welcome</a></li></ul></nav>{% endblock %}'
        '{% block content %}<div class="card narrow"><h1>Create your account</h1>'
        '{{ forms.form(form, submit="Sign up") }}</div>{% endblock %}'
    )
    (tmp_path / "welcome.html").write_text(
        '{% extends "trestle/base.html" %}{% block title %}Welcome{% endblock %}'
        "{% block content %}<h1>Welcome</h1><p>Your account is ready.</p>{% endblock %}"
    )
    app = App({"SECRET_KEY": "browser-test-" * 4, "ALLOWED_HOSTS": ["127.0.0.1"]})
    Templates(app, directory=tmp_path)
    StaticFiles(app)
    trestle.sessions.install(app)
    trestle.security.install(app)
    messages.install(app)

    @app.route("/", methods=["GET", "POST"])
    def signup(request: Request) -> Any:
        form = SignupForm.from_request(request)
        if form.is_valid():
            messages.success(request, f"Welcome aboard, {form.cleaned_data['name']}!")
            return RedirectResponse("/welcome", 303)
        status = 400 if form.is_bound else 200
        return render(request, "signup.html", {"form": form}, status=status)

    @app.get("/welcome")
    def welcome(request: Request) -> Any:
        return render(request, "welcome.html")

    server: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def field_of(page: Any, input_id: str) -> Any:
    """The .field block (or fieldset) that holds the input."""
    return page.locator(f".field:has(#{input_id})")


def test_signup_with_errors_then_success(browser: Any, site: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    page = context.new_page()
    try:
        page.goto(site + "/")
        # The stylesheet from the package, served by the static files battery, applies.
        assert (
            page.evaluate("getComputedStyle(document.querySelector('button')).borderRadius")
            != "0px"
        )
        page.fill("#id_name", "Ada Lovelace")
        page.fill("#id_email", "ada@localhost")  # the browser accepts it; the server does not
        page.fill("#id_age", "36")
        page.check("#id_plan_1")
        page.fill("#id_password", "analytical-engine")
        page.fill("#id_confirm", "difference-engine")
        page.check("#id_terms")
        page.click("form button[type=submit]")
        page.wait_for_load_state()

        # The errors show next to their fields, announced and linked to them.
        email = field_of(page, "id_email")
        assert "Enter an email address" in email.locator(".field-errors").inner_text()
        assert page.get_attribute("#id_email", "aria-invalid") == "true"
        assert "id_email-errors" in (page.get_attribute("#id_email", "aria-describedby") or "")
        assert "The passwords differ." in field_of(page, "id_confirm").inner_text()
        assert page.locator(".form-errors[role=alert]").is_visible()
        # What was typed is kept; the passwords are not.
        assert page.input_value("#id_name") == "Ada Lovelace"
        assert page.input_value("#id_email") == "ada@localhost"
        assert page.input_value("#id_age") == "36"
        assert page.is_checked("#id_plan_1")
        assert page.is_checked("#id_terms")
        assert page.input_value("#id_password") == ""
        assert page.input_value("#id_confirm") == ""
        # The label still names the invalid input for assistive technology.
        assert page.get_by_label("Email").get_attribute("id") == "id_email"
        page.screenshot(path=str(ARTIFACTS / "forms-errors.png"), full_page=True)

        page.fill("#id_email", "ada@example.com")
        page.fill("#id_password", "analytical-engine")
        page.fill("#id_confirm", "analytical-engine")
        page.click("form button[type=submit]")
        page.wait_for_load_state()

        assert page.url == site + "/welcome"
        flash = page.locator(".messages .message-success")
        assert flash.text_content() == "Success: Welcome aboard, Ada Lovelace!"
        assert flash.is_visible()
        page.screenshot(path=str(ARTIFACTS / "forms-success.png"), full_page=True)

        page.reload()
        assert page.locator(".messages").count() == 0  # shown once
        assert page.locator("h1").inner_text() == "Welcome"
    finally:
        context.close()


def test_the_look_in_dark_mode_and_on_a_phone(browser: Any, site: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(color_scheme="dark", viewport={"width": 390, "height": 1300})
    page = context.new_page()
    try:
        page.goto(site + "/")
        page.click("form button[type=submit]")  # the browser blocks it: fields are required
        assert page.url == site + "/"
        assert page.evaluate("document.querySelector('#id_name').validity.valueMissing")
        page.fill("#id_name", "Grace")
        page.fill("#id_email", "grace@example")
        page.check("#id_plan_0")
        page.fill("#id_password", "short")
        page.evaluate("document.querySelector('form').noValidate = true")
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(19, 20, 23)"  # the dark palette
        # Nothing is wider than the phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator(".field-errors").count() >= 3
        page.screenshot(path=str(ARTIFACTS / "forms-dark-phone.png"), full_page=True)
    finally:
        context.close()
