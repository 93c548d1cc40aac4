"""The form macros (trestle/forms.html) and BoundField: accessible HTML that keeps input."""

from __future__ import annotations

import enum
import re
from pathlib import Path

import pytest

from trestle import App
from trestle.forms import (
    BooleanField,
    ChoiceField,
    DateField,
    EmailField,
    FileField,
    Form,
    HiddenField,
    IntegerField,
    MultipleChoiceField,
    PasswordField,
    TextField,
)
from trestle.forms.bound import html_attrs
from trestle.templating import Templates, render


class Color(enum.Enum):
    RED = "r"
    BLUE = "b"


class Profile(Form):
    token = HiddenField(required=False)
    name = TextField(max_length=40, help_text="As on your passport.")
    email = EmailField()
    bio = TextField(widget="textarea", required=False)
    age = IntegerField(min_value=0, required=False)
    born = DateField(required=False)
    color = ChoiceField(Color)
    size = ChoiceField(["S", "M", "L"], widget="radios", required=False)
    tags = MultipleChoiceField(["python", "web", "<script>"], required=False)
    langs = MultipleChoiceField(["en", "fr"], widget="select", required=False)
    password = PasswordField(min_length=8)
    terms = BooleanField(required=True)
    cv = FileField(required=False)


IMPORT = '{% import "trestle/forms.html" as forms with context %}'
PAGE = IMPORT + '{{ forms.form(form, submit="Save") }}'


@pytest.fixture
def app(tmp_path: Path) -> App:
    (tmp_path / "page.html").write_text(PAGE)
    (tmp_path / "custom.html").write_text(
        '{% import "trestle/forms.html" as forms with context %}'
        "{% call forms.form(form, action='/go', method='get', novalidate=true, "
        "attrs={'class': 'wide'}) %}<button>Go</button>{% endcall %}"
        "{{ forms.field(form.name, attrs={'autofocus': true, 'class': 'big'}) }}"
    )
    app = App()
    Templates(app, directory=tmp_path)

    @app.route("/", methods=["GET", "POST"])
    def page(request):
        form = Profile.from_request(request, initial={"color": Color.BLUE, "tags": ["web"]})
        form.is_valid()
        return render(request, "page.html", {"form": form})

    @app.get("/custom")
    def custom(request):
        return render(request, "custom.html", {"form": Profile()})

    return app


def tag(html: str, element_id: str) -> str:
    """The opening tag of the element with ``id``."""
    match = re.search(rf'<[a-z]+ [^>]*id="{re.escape(element_id)}"[^>]*>', html)
    assert match, f"no element with id {element_id}"
    return match.group()


def test_an_unbound_form(app: App, make_client) -> None:
    html = make_client(app).get("/").text
    assert '<form method="post" enctype="multipart/form-data">' in html
    assert (
        '<label for="id_name">Name<span class="required" aria-hidden="true"> *</span></label>'
        in html
    )
    assert '<p class="field-help" id="id_name-help">As on your passport.</p>' in html
    assert tag(html, "id_name") == (
        '<input id="id_name" name="name" type="text" required maxlength="40" '
        'aria-describedby="id_name-help">'
    )
    assert tag(html, "id_email") == (
        '<input id="id_email" name="email" type="email" required maxlength="254" '
        'autocomplete="email">'
    )
    assert '<textarea id="id_bio" name="bio"></textarea>' in html
    assert tag(html, "id_age") == '<input id="id_age" name="age" type="number" min="0">'
    assert tag(html, "id_born") == '<input id="id_born" name="born" type="date">'
    assert '<input id="id_token" name="token" type="hidden">' in html
    # A select with an initial value has no "choose" option when required.
    assert '<select id="id_color" name="color" required>' in html
    assert '<option value="b" selected>Blue</option>' in html
    assert "Choose…" not in html.split('id="id_color"')[1].split("</select>")[0]
    # Radios and checkboxes are a fieldset with a legend.
    assert '<fieldset class="field field-choices">\n  <legend>Size</legend>' in html
    assert '<input type="radio" id="id_size_0" name="size" value="S">' in html
    assert '<input type="checkbox" id="id_tags_1" name="tags" value="web" checked>' in html
    assert '<label for="id_tags_2">&lt;script&gt;</label>' in html
    assert '<select id="id_langs" name="langs" multiple>' in html
    assert '<input id="id_password" name="password" type="password" required minlength="8"' in html
    assert tag(html, "id_terms") == '<input id="id_terms" name="terms" type="checkbox">'
    assert tag(html, "id_cv") == '<input id="id_cv" name="cv" type="file">'
    assert "aria-invalid" not in html
    assert 'class="form-errors"' not in html
    assert '<button type="submit">Save</button>' in html


def test_a_form_with_errors_keeps_what_was_typed_but_no_password(app: App, make_client) -> None:
    sent = {
        "name": '"><script>alert(1)</script>' * 2,  # too long, and hostile
        "email": "not an email",
        "age": "-4",
        "color": "r",
        "size": "M",
        "tags": ["python", "<script>"],
        "langs": ["fr"],
        "password": "secret-password",
        "bio": "line 1\n</textarea><b>",
    }
    html = make_client(app).post("/", data=sent).text
    assert (
        '<div class="form-errors" role="alert"><p>Please correct the errors below.</p></div>'
        in html
    )
    # The value typed, escaped.
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;script&gt;' in html
    assert "<script>alert" not in html
    email = tag(html, "id_email")
    assert 'value="not an email"' in email
    assert 'aria-invalid="true"' in email
    assert 'aria-describedby="id_email-errors"' in email
    assert (
        '<ul class="field-errors" id="id_email-errors">\n  <li>Enter an email address, like '
        "name@example.com.</li>\n</ul>" in html
    )
    age = tag(html, "id_age")
    assert 'value="-4"' in age and 'aria-invalid="true"' in age
    assert "Enter a number of at least 0." in html
    # Never the password, even though it was valid.
    password = tag(html, "id_password")
    assert "value=" not in password
    assert "secret-password" not in html
    # Choices keep their state.
    assert '<option value="r" selected>Red</option>' in html
    assert '<input type="radio" id="id_size_1" name="size" value="M" checked>' in html
    assert '<input type="checkbox" id="id_tags_0" name="tags" value="python" checked>' in html
    assert (
        '<input type="checkbox" id="id_tags_2" name="tags" value="&lt;script&gt;" checked>' in html
    )
    assert '<input type="checkbox" id="id_tags_1" name="tags" value="web">' in html
    assert '<option value="fr" selected>fr</option>' in html
    assert "line 1\n&lt;/textarea&gt;&lt;b&gt;</textarea>" in html
    # A checkbox that had to be ticked says so, and points at the message.
    terms = tag(html, "id_terms")
    assert 'aria-invalid="true"' in terms and 'aria-describedby="id_terms-errors"' in terms
    assert "Tick this box to continue." in html
    # An error and help text both describe the field.
    name = tag(html, "id_name")
    assert 'aria-describedby="id_name-errors id_name-help"' in name


def test_a_group_with_errors_describes_the_fieldset(tmp_path: Path, make_client) -> None:
    class Pick(Form):
        size = ChoiceField(["S", "M"], widget="radios", help_text="Pick one.")

    (tmp_path / "p.html").write_text(PAGE)
    app = App()
    Templates(app, directory=tmp_path)

    @app.post("/")
    def page(request):
        form = Pick.from_request(request)
        form.is_valid()
        return render(request, "p.html", {"form": form})

    html = make_client(app).post("/", data={"size": "XL"}).text
    assert (
        '<fieldset class="field field-choices has-errors" aria-describedby="id_size-errors '
        'id_size-help">' in html
    )
    assert (
        '<input type="radio" id="id_size_0" name="size" value="S" required aria-invalid="true">'
        in html
    )
    assert "Choose one of the options." in html


def test_non_field_errors_are_announced(tmp_path: Path, make_client) -> None:
    from trestle.forms import ValidationError

    class Login(Form):
        user = TextField()

        def clean(self) -> None:
            raise ValidationError("Wrong user name or password.")

    (tmp_path / "p.html").write_text(PAGE)
    app = App()
    Templates(app, directory=tmp_path)

    @app.post("/")
    def page(request):
        form = Login.from_request(request)
        form.is_valid()
        return render(request, "p.html", {"form": form})

    html = make_client(app).post("/", data={"user": "ada"}).text
    assert (
        '<div class="form-errors" role="alert">\n  <ul>\n    <li>Wrong user name or password.</li>'
        in html
    )
    assert '<form method="post">' in html  # no file field: no multipart


def test_macro_options(app: App, make_client) -> None:
    html = make_client(app).get("/custom").text
    assert '<form method="get" action="/go" novalidate class="wide">' in html
    assert "<button>Go</button>" in html
    assert "Save" not in html
    # The field macro outside the form: the last input with that id.
    assert html.endswith(
        '<input id="id_name" name="name" type="text" required maxlength="40" '
        'aria-describedby="id_name-help" autofocus class="big">\n  \n</div>'
    )


def test_the_csrf_field_comes_from_the_context(tmp_path: Path, make_client) -> None:
    (tmp_path / "p.html").write_text(PAGE)
    (tmp_path / "get.html").write_text(IMPORT + '{{ forms.form(form, method="get") }}')
    app = App()
    templates = Templates(app, directory=tmp_path)
    templates.add_context_processor(
        lambda request: {"csrf_input": '<input type="hidden" name="csrf" value="t0ken">'}
    )

    class One(Form):
        a = TextField()

    @app.get("/<name>")
    def page(request, name: str):
        return render(request, f"{name}.html", {"form": One()})

    client = make_client(app)
    html = client.get("/p").text
    # A string from a processor is escaped like any value: the battery gives markup.
    assert "&lt;input type=&#34;hidden&#34;" in html
    assert "csrf" not in client.get("/get").text  # a GET form carries no token


def test_the_csrf_battery_fills_the_form(tmp_path: Path, make_client) -> None:
    import trestle.security
    import trestle.sessions

    (tmp_path / "p.html").write_text(PAGE)
    app = App({"SECRET_KEY": "k" * 40, "ALLOWED_HOSTS": ["testserver"]})
    Templates(app, directory=tmp_path)
    trestle.sessions.install(app)
    trestle.security.install(app)

    class Comment(Form):
        text = TextField()

    @app.route("/", methods=["GET", "POST"])
    def page(request):
        form = Comment.from_request(request)
        if form.is_valid():
            return {"saved": form.cleaned_data["text"]}
        return render(request, "p.html", {"form": form})

    client = make_client(app)
    html = client.get("/").text
    match = re.search(r'<input type="hidden" name="([^"]+)" value="([^"]+)">', html)
    assert match, html
    assert client.post("/", data={"text": "hi"}).status_code == 403  # no token: refused
    accepted = client.post("/", data={"text": "hi", match.group(1): match.group(2)})
    assert accepted.json() == {"saved": "hi"}


def test_html_attrs() -> None:
    assert html_attrs({"a": True, "b": False, "c": None, "d": 0, "e": '"<&'}) == (
        ' a d="0" e="&#34;&lt;&amp;"'
    )


def test_bound_field_basics() -> None:
    form = Profile({"name": "Ada", "tags": ["web"]})
    field = form["name"]
    assert str(field) == "name"
    assert repr(field) == "<BoundField name>"
    assert field.data == "Ada"
    assert form["tags"].value == ["web"]
    assert form["bio"].value == ""
    assert form["color"].options[0].label == "Red"
    assert form["name"].options == []
    assert form["terms"].checked is False
    assert Profile(initial={"terms": True})["terms"].checked is True
    assert Profile()["color"].placeholder_option is True
    assert Profile()["size"].placeholder_option is False  # radios need none
