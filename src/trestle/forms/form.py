"""Form: declarative form classes, bound to what a browser sent, cleaned field by field.

::

    class SignupForm(Form):
        email = EmailField()
        password = PasswordField(min_length=10)
        confirm = PasswordField(label="Password again")

        def clean(self):
            if self.cleaned_data.get("password") != self.cleaned_data.get("confirm"):
                self.add_error("confirm", "The passwords differ.")

    form = SignupForm.from_request(request)
    if form.is_valid():
        ...  # form.cleaned_data

Fields are collected when the class is made (subclasses add to or replace their parents'
fields). Cleaning: each field's ``clean``, then the form's ``clean_<name>`` hook for that
field, then the form's ``clean`` for checks across fields. Messages that concern one field
go with it; others are ``non_field_errors``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from trestle.forms.bound import BoundField
from trestle.forms.errors import ValidationError
from trestle.forms.fields import Field

if TYPE_CHECKING:
    from trestle.http.request import Request

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Form:
    """A form; declare fields as class attributes. See the module docstring."""

    #: The fields, by name, in the order they were declared (parents' first). An instance
    #: may hold its own copy (a model form binds its foreign keys to a session).
    fields: dict[str, Field] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, Field] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Field):
                    fields[name] = value
                elif name in fields and value is None:
                    del fields[name]  # ``name = None`` in a subclass removes a parent's field
        clashes = set(fields) & _RESERVED
        if clashes:
            raise TypeError(
                f"{cls.__qualname__}: {sorted(clashes)} name form attributes; rename the field"
            )
        cls.fields = fields

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        *,
        initial: Mapping[str, Any] | None = None,
        prefix: str = "",
    ) -> None:
        #: What was sent (``request.form``), or None for an unbound form.
        self.data = data
        self.files = files
        #: Values an unbound form starts with; they win over each field's ``initial``.
        self.initial = dict(initial or {})
        self.prefix = prefix
        self._errors: dict[str, list[str]] | None = None
        self._non_field_errors: list[str] = []
        #: The cleaned values of the fields that are valid (after :meth:`is_valid`).
        self.cleaned_data: dict[str, Any] = {}
        self._bound: dict[str, BoundField] = {}

    @classmethod
    def from_request(cls, request: Request, **options: Any) -> Form:
        """Bound to the request's form and files for POST, PUT, PATCH, DELETE; else unbound."""
        if request.method in _BODY_METHODS:
            return cls(request.form, request.files, **options)
        return cls(None, **options)

    @property
    def is_bound(self) -> bool:
        """True when the form holds submitted data."""
        return self.data is not None

    @property
    def is_multipart(self) -> bool:
        """True when a field uploads a file (the form needs ``multipart/form-data``)."""
        return any(field.is_file for field in self.fields.values())

    def add_prefix(self, name: str) -> str:
        """The name a field is sent under."""
        return f"{self.prefix}-{name}" if self.prefix else name

    def initial_for(self, name: str) -> Any:
        """The value an unbound field starts with."""
        if name in self.initial:
            return self.initial[name]
        initial = self.fields[name].initial
        return initial() if callable(initial) else initial

    # -- validation -----------------------------------------------------------------------------

    def is_valid(self) -> bool:
        """True when bound and every check passed (cleans once, then remembers)."""
        return self.is_bound and not self.errors and not self._non_field_errors

    @property
    def errors(self) -> dict[str, list[str]]:
        """Messages per field name (cleaning the form if it has not been yet)."""
        if self._errors is None:
            self._errors = {}
            if self.is_bound:
                self.full_clean()
        return self._errors

    @property
    def non_field_errors(self) -> list[str]:
        """Messages about the form as a whole (from :meth:`clean`)."""
        self.errors  # noqa: B018  (cleans the form when it has not been yet)
        return self._non_field_errors

    @property
    def has_errors(self) -> bool:
        """True when any message, for a field or for the form, is there."""
        return bool(self.errors or self.non_field_errors)

    def full_clean(self) -> None:
        """Clean every field, then the form; fills ``cleaned_data`` and the errors."""
        self._errors = {}
        self._non_field_errors = []
        self.cleaned_data = {}
        for name, field in self.fields.items():
            if field.disabled:
                # A disabled field is not sent by browsers and must not be changed by a
                # crafted request: it keeps its initial value.
                self.cleaned_data[name] = self.initial_for(name)
                continue
            raw = field.raw_value(self.data, self.files, self.add_prefix(name))
            try:
                value = field.clean(raw)
                hook = getattr(self, f"clean_{name}", None)
                if hook is not None:
                    value = hook(value)
            except ValidationError as error:
                self._errors.setdefault(name, []).extend(error.messages)
            else:
                self.cleaned_data[name] = value
        try:
            self.clean()
        except ValidationError as error:
            self._non_field_errors.extend(error.messages)

    def clean(self) -> None:
        """Checks across fields; call :meth:`add_error` or raise ValidationError (override)."""

    def add_error(self, field: str | None, message: str | ValidationError) -> None:
        """Attach a message to a field (None: to the form); the field's value is dropped."""
        messages = message.messages if isinstance(message, ValidationError) else [message]
        if self._errors is None:
            self._errors = {}
        if field is None:
            self._non_field_errors.extend(messages)
            return
        if field not in self.fields:
            raise KeyError(f"{type(self).__qualname__} has no field {field!r}")
        self._errors.setdefault(field, []).extend(messages)
        self.cleaned_data.pop(field, None)

    # -- showing ----------------------------------------------------------------------------------

    def __getitem__(self, name: str) -> BoundField:
        bound = self._bound.get(name)
        if bound is None:
            try:
                field = self.fields[name]
            except KeyError:
                raise KeyError(f"{type(self).__qualname__} has no field {name!r}") from None
            bound = self._bound[name] = BoundField(self, field)
        return bound

    def __iter__(self) -> Iterator[BoundField]:
        for name in self.fields:
            yield self[name]

    @property
    def visible_fields(self) -> list[BoundField]:
        """The fields a person sees (all but hidden ones)."""
        return [bound for bound in self if bound.widget != "hidden"]

    @property
    def hidden_fields(self) -> list[BoundField]:
        """The hidden fields."""
        return [bound for bound in self if bound.widget == "hidden"]

    def __repr__(self) -> str:
        state = "unbound" if not self.is_bound else f"bound, {len(self.errors)} field errors"
        return f"<{type(self).__qualname__} {state}>"


_RESERVED = frozenset(vars(Form)) | {
    "data",
    "files",
    "initial",
    "prefix",
    "cleaned_data",
}
