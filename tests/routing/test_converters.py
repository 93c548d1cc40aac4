"""Path converters: what each kind matches, what the view receives, and custom converters."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import pytest

from trestle import App, Converter
from trestle.app import AppFrozenError
from trestle.routing import RouteError, Router
from trestle.routing.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
    check_converter,
)

SAMPLE_UUID = "6f1c2c1e-8a4b-4f9e-9d3a-2b7c1e0f5a6d"


def echo_app() -> App:
    """One route per built-in converter; each answers the value and its type name."""
    app = App()

    def echo(value: Any) -> dict[str, Any]:
        return {"value": str(value), "type": type(value).__name__}

    for kind in ("str", "int", "slug", "uuid", "path"):
        app.add_route(f"/{kind}/<{kind}:value>", echo, name=f"echo-{kind}")
    app.add_route("/default/<value>", echo, name="echo-default")
    return app


@pytest.mark.parametrize(
    ("url", "value", "type_name"),
    [
        ("/str/hello", "hello", "str"),
        ("/str/with%20space", "with space", "str"),
        ("/str/a.b-c_d~e", "a.b-c_d~e", "str"),
        ("/default/anything", "anything", "str"),
        ("/int/0", "0", "int"),
        ("/int/42", "42", "int"),
        ("/int/007", "7", "int"),
        ("/int/123456789012345678901234567890", "123456789012345678901234567890", "int"),
        ("/slug/hello-world_2", "hello-world_2", "str"),
        ("/uuid/" + SAMPLE_UUID, SAMPLE_UUID, "UUID"),
        ("/uuid/" + SAMPLE_UUID.upper(), SAMPLE_UUID, "UUID"),
        ("/path/a", "a", "str"),
        ("/path/a/b/c.txt", "a/b/c.txt", "str"),
        ("/path/a/b/", "a/b/", "str"),
    ],
)
def test_builtin_converters_match_and_convert(
    make_client: Any, url: str, value: str, type_name: str
) -> None:
    response = make_client(echo_app()).get(url)
    assert response.status_code == 200
    assert response.json() == {"value": value, "type": type_name}


@pytest.mark.parametrize(
    "url",
    [
        "/str/a/b",  # str stops at a slash
        "/default/a/b",
        "/int/-1",
        "/int/1.5",
        "/int/abc",
        "/slug/a.b",
        "/slug/with%20space",
        "/uuid/not-a-uuid",
        "/uuid/" + SAMPLE_UUID.replace("-", ""),
        "/uuid/" + SAMPLE_UUID + "0",
        "/path/",
    ],
)
def test_builtin_converters_refuse(make_client: Any, url: str) -> None:
    assert make_client(echo_app()).get(url).status_code == 404


@pytest.mark.parametrize(
    ("target", "status", "value"),
    [
        ("/str/%C3%A9t%C3%A9", 200, "été"),
        ("/path/%E6%97%A5/%E6%9C%AC", 200, "日/本"),
        ("/path/a%2Fb", 200, "a/b"),  # servers decode %2F before routing, as PEP 3333 says
        ("/int/%D9%A3", 404, None),  # ARABIC-INDIC DIGIT THREE: int() takes it, the regex not
        ("/slug/caf%C3%A9", 404, None),
        ("/str/%FF", 400, None),  # not UTF-8
    ],
)
def test_non_ascii_values(fetch: Any, target: str, status: int, value: str | None) -> None:
    code, _, body = fetch(echo_app(), "GET", target)
    assert code == status
    if value is not None:
        assert orjson.loads(body)["value"] == value


def test_int_reaches_the_view_as_int_and_uuid_as_uuid(make_client: Any) -> None:
    app = App()
    seen: list[object] = []

    @app.get("/n/<int:n>")
    def number(n: int) -> dict[str, int]:
        seen.append(n)
        return {"double": n * 2}

    @app.get("/u/<uuid:key>")
    def by_uuid(key: uuid.UUID) -> dict[str, int]:
        seen.append(key)
        return {"version": key.version or 0}

    client = make_client(app)
    assert client.get("/n/21").json() == {"double": 42}
    assert client.get(f"/u/{SAMPLE_UUID}").json() == {"version": 4}
    assert seen == [21, uuid.UUID(SAMPLE_UUID)]


class EvenConverter(Converter):
    """Even numbers only: the regex takes any digits, to_python refuses odd ones."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number % 2:
            raise ValueError(f"{number} is odd")
        return number

    def to_url(self, value: Any) -> str:
        if value % 2:
            raise ValueError(f"{value} is odd")
        return str(value)


class LowerConverter(Converter):
    """Lower-case words, handed to the view upper-cased."""

    regex = "[a-z]+"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: Any) -> str:
        return str(value).lower()


def test_registered_converter_matches_converts_and_builds(make_client: Any) -> None:
    app = App()
    app.register_converter("even", EvenConverter)
    app.register_converter("lower", LowerConverter)

    @app.get("/even/<even:n>")
    def even(n: int) -> dict[str, int]:
        return {"n": n}

    @app.get("/word/<lower:word>")
    def word(word: str) -> dict[str, str]:
        return {"word": word}

    client = make_client(app)
    assert client.get("/even/4").json() == {"n": 4}
    assert client.get("/word/abc").json() == {"word": "ABC"}
    assert client.get("/word/ABC").status_code == 404  # the regex refuses
    assert app.url_for("even", n=8) == "/even/8"
    assert app.url_for("word", word="XYZ") == "/word/xyz"


def test_to_python_raising_value_error_is_a_404(make_client: Any) -> None:
    app = App()
    app.register_converter("even", EvenConverter)
    calls: list[int] = []

    @app.get("/even/<even:n>")
    def even(n: int) -> dict[str, int]:
        calls.append(n)
        return {"n": n}

    client = make_client(app)
    assert client.get("/even/3").status_code == 404
    assert client.get("/even/2").status_code == 200
    assert calls == [2]


def test_to_python_refusal_does_not_fall_through_to_a_later_route(make_client: Any) -> None:
    """A converter's "no" is a 404: one combined match per request, no second attempt."""
    app = App()
    app.register_converter("even", EvenConverter)
    app.add_route("/n/<even:n>", lambda n: {"even": n}, name="even")
    app.add_route("/n/<other>", lambda other: {"other": other}, name="other")
    client = make_client(app)
    assert client.get("/n/4").json() == {"even": 4}
    assert client.get("/n/abc").json() == {"other": "abc"}
    assert client.get("/n/3").status_code == 404


def test_unknown_converter_in_a_route_is_reported_where_it_is_written() -> None:
    app = App()
    with pytest.raises(RouteError, match="unknown converter 'even'"):
        app.add_route("/e/<even:n>", lambda n: n)
    app.register_converter("even", EvenConverter)
    app.add_route("/e/<even:n>", lambda n: n)  # now known


def test_register_converter_after_the_first_request_is_refused() -> None:
    app = App()
    app.add_route("/", lambda: "home")
    app.build()
    with pytest.raises(AppFrozenError):
        app.register_converter("even", EvenConverter)


def test_registered_converter_can_replace_a_builtin(make_client: Any) -> None:
    class HexInt(Converter):
        regex = "[0-9a-f]+"

        def to_python(self, value: str) -> int:
            return int(value, 16)

        def to_url(self, value: Any) -> str:
            return format(value, "x")

    app = App()
    app.register_converter("int", HexInt)
    app.add_route("/h/<int:n>", lambda n: {"n": n}, name="hex")
    assert make_client(app).get("/h/ff").json() == {"n": 255}
    assert app.url_for("hex", n=255) == "/h/ff"


def regex_converter(source: str) -> type[Converter]:
    return type("Custom", (Converter,), {"regex": source})


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("([0-9]+)", "non-capturing"),
        ("(?P<digits>[0-9]+)", "non-capturing"),
        ("[0-9]+|(x)", "non-capturing"),
        ("[0-9", "invalid regex"),
        ("(?i)[a-z]+", "invalid regex"),  # a global flag cannot sit inside the combined regex
    ],
)
def test_bad_converter_regex_is_refused(source: str, message: str) -> None:
    converter = regex_converter(source)
    with pytest.raises(ValueError, match=message):
        App().register_converter("custom", converter)
    with pytest.raises(ValueError, match=message):
        Router().register_converter("custom", converter)


@pytest.mark.parametrize("source", ["(?:ab)+", "[a-z]{2,3}", "(?i:[a-z]+)", "x(?=y)y"])
def test_non_capturing_converter_regex_is_accepted(source: str) -> None:
    check_converter("custom", regex_converter(source))


@pytest.mark.parametrize("name", ["", "1abc", "with-dash", "a b"])
def test_converter_name_must_be_an_identifier(name: str) -> None:
    with pytest.raises(ValueError, match="not an identifier"):
        App().register_converter(name, EvenConverter)


def test_inline_flag_group_converter_works_in_routes(make_client: Any) -> None:
    app = App()
    app.register_converter("word", regex_converter("(?i:[a-z]+)"))
    app.add_route("/w/<word:w>/<int:n>", lambda w, n: {"w": w, "n": n}, name="w")
    client = make_client(app)
    assert client.get("/w/AbC/3").json() == {"w": "AbC", "n": 3}
    assert client.get("/w/ab1/3").status_code == 404


# -- the converter classes on their own --------------------------------------------------


def test_string_like_converters_skip_the_conversion_call() -> None:
    assert not StringConverter.converts
    assert not SlugConverter.converts
    assert not PathConverter.converts
    assert IntConverter.converts
    assert UUIDConverter.converts


@pytest.mark.parametrize("value", [-1, True, "3", 1.0, None])
def test_int_to_url_refuses_what_is_not_a_non_negative_int(value: object) -> None:
    with pytest.raises(ValueError):
        IntConverter().to_url(value)


def test_uuid_to_url_accepts_uuid_and_text() -> None:
    key = uuid.UUID(SAMPLE_UUID)
    assert UUIDConverter().to_url(key) == SAMPLE_UUID
    assert UUIDConverter().to_url(SAMPLE_UUID.upper()) == SAMPLE_UUID
    with pytest.raises(ValueError):
        UUIDConverter().to_url("nope")
