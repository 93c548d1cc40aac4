"""Route patterns: parsing ``/posts/<int:id>/``, refusing bad syntax, and building paths."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from trestle import App
from trestle.routing import RouteError, URLBuildError
from trestle.routing.converters import DEFAULT_CONVERTERS, Converter
from trestle.routing.patterns import Parameter, Pattern, parse_pattern

CONVERTERS: dict[str, Converter] = {name: kind() for name, kind in DEFAULT_CONVERTERS.items()}


def parse(text: str) -> Pattern:
    return parse_pattern(text, CONVERTERS)


def test_static_pattern_is_one_literal() -> None:
    pattern = parse("/about/team/")
    assert pattern.parts == ("/about/team/",)
    assert pattern.is_static
    assert pattern.parameters == ()
    assert pattern.shape == "/about/team/"


def test_parameters_in_order_with_their_converters() -> None:
    pattern = parse("/posts/<int:year>/<slug>/<path:rest>")
    assert not pattern.is_static
    assert [(p.name, p.kind) for p in pattern.parameters] == [
        ("year", "int"),
        ("slug", "str"),
        ("rest", "path"),
    ]
    assert pattern.parameters[0].converter is CONVERTERS["int"]
    assert pattern.parts[0] == "/posts/"
    assert isinstance(pattern.parts[1], Parameter)


def test_shape_erases_names_and_defaults_the_kind() -> None:
    assert parse("/a/<int:id>/<name>").shape == "/a/<int>/<str>"
    assert parse("/a/<int:pk>/<str:title>").shape == parse("/a/<int:id>/<name>").shape
    assert parse("/a/<slug:x>").shape != parse("/a/<str:x>").shape


def test_parameters_may_share_a_segment_with_literal_text() -> None:
    pattern = parse("/v<int:major>.<int:minor>/x-<slug:name>.json")
    regex = re.compile(pattern.regex())
    found = regex.fullmatch("/v2.10/x-hello.json")
    assert found is not None
    assert found.groups() == ("2", "10", "hello")


def test_regex_escapes_literal_text() -> None:
    regex = re.compile(parse("/a.b+c/<int:n>").regex())
    assert regex.fullmatch("/a.b+c/1")
    assert not regex.fullmatch("/aXb+c/1")
    assert not regex.fullmatch("/a.bbc/1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "must start with '/'"),
        ("posts/<int:id>", "must start with '/'"),
        ("<int:id>/", "must start with '/'"),
        ("/<int:1id>", "not an identifier"),
        ("/<int:my-id>", "not an identifier"),
        ("/<int:my id>", "not an identifier"),
        ("/<a>/<a>", "appears twice"),
        ("/<int:a>/<str:a>", "appears twice"),
        ("/<nope:x>", "unknown converter 'nope'"),
        ("/<INT:x>", "unknown converter 'INT'"),
        ("/<int:id", "unbalanced"),
        ("/int:id>", "unbalanced"),
        ("/<int:id>>", "unbalanced"),
        ("/<<int:id>", "unbalanced"),
        ("/<>", "unbalanced"),
        ("/<int:>", "unbalanced"),
        ("/<:id>", "unbalanced"),
        ("/<a:b:c>", "unbalanced"),
        ("/a<b", "unbalanced"),
    ],
)
def test_bad_syntax_is_refused_where_the_route_is_written(text: str, message: str) -> None:
    with pytest.raises(RouteError, match=message):
        parse(text)
    app = App()
    with pytest.raises(RouteError, match=message):
        app.add_route(text, lambda **params: "x")
    with pytest.raises(RouteError, match=message):
        app.route(text)(lambda **params: "x")


def test_route_error_is_a_value_error() -> None:
    assert issubclass(RouteError, ValueError)
    assert issubclass(URLBuildError, LookupError)


def test_unknown_converter_message_lists_the_known_ones() -> None:
    with pytest.raises(RouteError, match="known: int, path, slug, str, uuid"):
        parse("/<float:x>")


# -- building ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "params", "built"),
    [
        ("/about/", {}, "/about/"),
        ("/u/<name>", {"name": "ada"}, "/u/ada"),
        ("/u/<name>", {"name": "a b"}, "/u/a%20b"),
        ("/u/<name>", {"name": "été"}, "/u/%C3%A9t%C3%A9"),
        ("/u/<name>", {"name": "a?b#c"}, "/u/a%3Fb%23c"),
        ("/u/<name>", {"name": "100%"}, "/u/100%25"),
        ("/u/<name>", {"name": "a+b&c=d"}, "/u/a%2Bb%26c%3Dd"),
        ("/n/<int:n>", {"n": 0}, "/n/0"),
        ("/n/<int:n>", {"n": 10**20}, "/n/100000000000000000000"),
        ("/s/<slug:s>", {"s": "hello-world_1"}, "/s/hello-world_1"),
        ("/f/<path:p>", {"p": "a/b/c.txt"}, "/f/a/b/c.txt"),
        ("/f/<path:p>", {"p": "dir name/é?#"}, "/f/dir%20name/%C3%A9%3F%23"),
        ("/k/<uuid:k>", {"k": uuid.UUID(int=1)}, "/k/00000000-0000-0000-0000-000000000001"),
        # Literal text is written decoded, and escaped when built.
        ("/about us/café", {}, "/about%20us/caf%C3%A9"),
        ("/100%/<int:n>", {"n": 1}, "/100%25/1"),
        ("/a:b@c;d=e,f+g/~x", {}, "/a:b@c;d=e,f+g/~x"),
        ("/q?/<name>", {"name": "x"}, "/q%3F/x"),
    ],
)
def test_build_fills_and_quotes(text: str, params: dict[str, Any], built: str) -> None:
    assert parse(text).build(params) == built


@pytest.mark.parametrize(
    ("text", "params", "message"),
    [
        ("/u/<name>", {}, "missing parameter 'name'"),
        ("/u/<name>/<int:n>", {"name": "x"}, "missing parameter 'n'"),
        ("/u/<name>", {"name": ""}, "does not match"),
        ("/u/<name>", {"name": "a/b"}, "does not match"),  # a str value cannot hold '/'
        ("/n/<int:n>", {"n": -1}, "bad value"),
        ("/n/<int:n>", {"n": "12"}, "bad value"),
        ("/n/<int:n>", {"n": True}, "bad value"),
        ("/s/<slug:s>", {"s": "not a slug"}, "does not match"),
        ("/k/<uuid:k>", {"k": "nope"}, "bad value"),
        ("/f/<path:p>", {"p": ""}, "does not match"),
    ],
)
def test_build_refuses_missing_and_unmatched_values(
    text: str, params: dict[str, Any], message: str
) -> None:
    with pytest.raises(URLBuildError, match=message):
        parse(text).build(params)
