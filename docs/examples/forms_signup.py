from pathlib import Path

from trestle import App, RedirectResponse, Request, messages
from trestle.forms import (
    BooleanField,
    ChoiceField,
    EmailField,
    Form,
    IntegerField,
    PasswordField,
    TextField,
    ValidationError,
)
from trestle.templating import Templates, render

TAKEN = {"admin", "root"}


class SignupForm(Form):
    username = TextField(max_length=30, help_text="Letters and digits only.")
    email = EmailField()
    age = IntegerField(min_value=13, required=False)
    plan = ChoiceField([("free", "Free"), ("pro", "Pro")], widget="radios")
    password = PasswordField(min_length=10, autocomplete="new-password")
    confirm = PasswordField(label="Password again", autocomplete="new-password")
    terms = BooleanField(required=True, label="I accept the terms")

    def clean_username(self, value: str) -> str:
        if not value.isalnum():
            raise ValidationError("Use letters and digits only.")
        if value.lower() in TAKEN:
            raise ValidationError("That name is taken.")
        return value.lower()

    def clean(self) -> None:
        data = self.cleaned_data
        if data.get("password") and data.get("password") != data.get("confirm"):
            self.add_error("confirm", "The passwords differ.")


app = App({"SECRET_KEY": "change-me-to-a-long-random-value"})
Templates(app, directory=Path(__file__).parent / "templates")
messages.install(app)


@app.route("/signup", methods=["GET", "POST"])
def signup(request: Request):
    form = SignupForm.from_request(request)
    if form.is_valid():
        TAKEN.add(form.cleaned_data["username"])
        messages.success(request, f"Welcome, {form.cleaned_data['username']}!")
        return RedirectResponse("/signup", 303)
    return render(request, "signup.html", {"form": form}, status=400 if form.is_bound else 200)
