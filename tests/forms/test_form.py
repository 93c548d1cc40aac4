"""Form classes: declaring, binding, cleaning, hooks, errors."""

from __future__ import annotations

import pytest

from trestle import App
from trestle.forms import (
    BooleanField,
    EmailField,
    Form,
    IntegerField,
    PasswordField,
    TextField,
    ValidationError,
)
from trestle.http.multidict import MultiDict


class Signup(Form):
    name = TextField(max_length=20)
    email = EmailField()
    age = IntegerField(min_value=13, required=False)
    password = PasswordField(min_length=8)
    confirm = PasswordField(label="Password again")

    def clean_name(self, value: str) -> str:
        if value.lower() == "admin":
            raise ValidationError("That name is taken.")
        return value.title()

    def clean(self) -> None:
        data = self.cleaned_data
        if data.get("password") and data.get("password") != data.get("confirm"):
            self.add_error("confirm", "The passwords differ.")
        if data.get("email", "").endswith("@spam.example"):
            raise ValidationError("We cannot sign you up.")


GOOD = {
    "name": "ada lovelace",
    "email": "ada@example.com",
    "age": "36",
    "password": "analytical",
    "confirm": "analytical",
}


def test_fields_are_collected_in_order() -> None:
    assert list(Signup.fields) == ["name", "email", "age", "password", "confirm"]


def test_subclasses_add_replace_and_remove() -> None:
    class WithTerms(Signup):
        terms = BooleanField(required=True)
        age = None  # type: ignore[assignment]
        name = TextField(max_length=5)

    assert list(WithTerms.fields) == ["name", "email", "password", "confirm", "terms"]
    assert WithTerms.fields["name"].max_length == 5  # type: ignore[attr-defined]
    assert list(Signup.fields) == ["name", "email", "age", "password", "confirm"]


@pytest.mark.parametrize("name", ["errors", "data", "clean", "is_valid", "fields", "cleaned_data"])
def test_field_names_that_clash_are_refused(name: str) -> None:
    with pytest.raises(TypeError, match="name form attributes; rename the field"):
        type("Broken", (Form,), {name: TextField()})


def test_unbound() -> None:
    form = Signup(initial={"name": "Ada"})
    assert not form.is_bound
    assert not form.is_valid()
    assert form.errors == {}
    assert form.non_field_errors == []
    assert form["name"].value == "Ada"
    assert form.name.value == "Ada"  # type: ignore[attr-defined]
    assert Signup.name is Signup.fields["name"]
    assert repr(form) == "<Signup unbound>"


def test_valid() -> None:
    form = Signup(GOOD)
    assert form.is_valid()
    assert form.cleaned_data == {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "age": 36,
        "password": "analytical",
        "confirm": "analytical",
    }
    assert not form.has_errors


def test_every_field_is_checked_and_each_error_is_with_its_field() -> None:
    form = Signup({"name": "admin", "email": "nope", "age": "twelve", "password": "short"})
    assert not form.is_valid()
    assert form.errors == {
        "name": ["That name is taken."],
        "email": ["Enter an email address, like name@example.com."],
        "age": ["Enter a whole number."],
        "password": ["Use at least 8 characters (you used 5)."],
        "confirm": ["This field is required."],
    }
    assert form.cleaned_data == {}
    assert repr(form) == "<Signup bound, 5 field errors>"


def test_cross_field_errors() -> None:
    form = Signup({**GOOD, "confirm": "different"})
    assert not form.is_valid()
    assert form.errors == {"confirm": ["The passwords differ."]}
    assert "confirm" not in form.cleaned_data
    spam = Signup({**GOOD, "email": "x@spam.example"})
    assert not spam.is_valid()
    assert spam.errors == {}
    assert spam.non_field_errors == ["We cannot sign you up."]
    assert spam.has_errors


def test_add_error_to_the_form_and_to_a_missing_field() -> None:
    form = Signup(GOOD)
    form.add_error(None, ValidationError(["one", "two"]))
    assert form.non_field_errors == ["one", "two"]
    with pytest.raises(KeyError, match="has no field 'nope'"):
        form.add_error("nope", "x")
    with pytest.raises(KeyError, match="has no field 'nope'"):
        form["nope"]


def test_multidict_data_uses_the_last_value() -> None:
    data = MultiDict([*GOOD.items(), ("age", "14"), ("extra", "ignored")])
    form = Signup(data)
    assert form.is_valid()
    assert form.cleaned_data["age"] == 14


def test_prefix() -> None:
    class Small(Form):
        a = IntegerField()

    form = Small({"first-a": "1", "a": "2"}, prefix="first")
    assert form.is_valid()
    assert form.cleaned_data == {"a": 1}
    assert form["a"].name == "first-a"
    assert form["a"].id == "id_first-a"


def test_disabled_fields_keep_their_initial_value() -> None:
    class Profile(Form):
        username = TextField(disabled=True)
        bio = TextField(required=False)

    form = Profile({"username": "hacker", "bio": "hi"}, initial={"username": "ada"})
    assert form.is_valid()
    assert form.cleaned_data == {"username": "ada", "bio": "hi"}
    assert Profile.fields["username"].html_attrs() == {"disabled": True}


def test_callable_initial() -> None:
    class Counter(Form):
        count = IntegerField(initial=lambda: 3)

    assert Counter()["count"].value == "3"
    assert Counter(initial={"count": 5})["count"].value == "5"


def test_visible_and_hidden_fields() -> None:
    from trestle.forms import HiddenField

    class Edit(Form):
        id = HiddenField()
        title = TextField()

    form = Edit()
    assert [field.name for field in form.visible_fields] == ["title"]
    assert [field.name for field in form.hidden_fields] == ["id"]
    assert not form.is_multipart


def test_from_request_binds_only_requests_with_a_body(make_client) -> None:
    app = App()

    @app.route("/", methods=["GET", "POST", "PUT"])
    def view(request):
        form = Signup.from_request(request)
        return {
            "bound": form.is_bound,
            "valid": form.is_valid(),
            "errors": form.errors,
        }

    client = make_client(app)
    assert client.get("/?name=x").json() == {"bound": False, "valid": False, "errors": {}}
    assert client.post("/", data=GOOD).json() == {"bound": True, "valid": True, "errors": {}}
    put = client.put("/", data={**GOOD, "age": "7"}).json()
    assert put["errors"] == {"age": ["Enter a number of at least 13."]}


def test_wrong_types_and_missing_fields_never_crash(make_client) -> None:
    app = App()

    @app.post("/")
    def view(request):
        form = Signup.from_request(request)
        return {"valid": form.is_valid(), "fields": sorted(form.errors)}

    client = make_client(app)
    bodies = [
        {},
        {"name": ["a", "b"], "age": ["1", "x"]},
        {"name": "\x00", "email": "\x00@x.y", "age": "1" * 500},
        {"password": "é" * 10_000},
    ]
    for body in bodies:
        response = client.post("/", data=body)
        assert response.status_code == 200
        assert response.json()["valid"] is False
    # Not a form at all: JSON, or no body.
    assert client.post("/", json={"name": "x"}).json()["fields"] == [
        "confirm",
        "email",
        "name",
        "password",
    ]
    assert client.post("/").status_code == 200
