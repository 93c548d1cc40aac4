"""render() and render_async(): responses that remember their template and context."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from trestle import App
from trestle.templating import TemplateResponse, Templates, render, render_async
from trestle.templating.response import media_type_of

from .conftest import write


@pytest.fixture
def app(templates_dir: Path) -> App:
    write(
        templates_dir,
        {
            "page.html": "<p>{{ title }}</p>",
            "feed.xml": "<feed>{{ title }}</feed>",
            "robots.txt": "User-agent: {{ agent }}",
            "slow.html": "{% for item in items %}{{ await_twice(item) }}{% endfor %}",
            "child.html": "{% extends 'page.html' %}",
        },
    )
    app = App()
    templates = Templates(app, directory=templates_dir)

    async def await_twice(value: int) -> int:
        await asyncio.sleep(0)
        return value * 2

    templates.add_global("await_twice", await_twice)
    return app


def test_render_returns_a_template_response(app: App, make_client) -> None:
    seen: list[TemplateResponse] = []

    @app.get("/")
    def home(request):
        response = render(request, "page.html", {"title": "<Hi>"}, status=201, headers={"X-A": "1"})
        seen.append(response)
        return response

    response = make_client(app).get("/")
    assert response.status_code == 201
    assert response.text == "<p>&lt;Hi&gt;</p>"
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["x-a"] == "1"
    (made,) = seen
    assert made.template_name == "page.html"
    assert made.context["title"] == "<Hi>"
    assert made.context["request"].path == "/"


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("page.html", "text/html; charset=utf-8"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
    ],
)
def test_media_type_follows_the_extension(
    app: App,
    make_client,
    name: str,
    media_type: str,
) -> None:
    @app.get("/")
    def home(request):
        return render(request, name, {"title": "t", "agent": "*"})

    assert make_client(app).get("/").headers["content-type"] == media_type


def test_media_type_can_be_given() -> None:
    assert media_type_of("x.svg") == "image/svg+xml; charset=utf-8"
    assert media_type_of("noextension") == "text/html; charset=utf-8"


def test_render_async_in_an_async_view(app: App, make_client) -> None:
    @app.get("/")
    async def home(request):
        return await render_async(request, "slow.html", {"items": [1, 2, 3]})

    @app.get("/inherit")
    async def inherit(request):
        return await render_async(request, "child.html", {"title": "async"})

    client = make_client(app)
    response = client.get("/")
    assert response.status_code == 200
    assert response.text == "246"
    assert client.get("/inherit").text == "<p>async</p>"


def test_sync_render_in_an_async_view(app: App, make_client) -> None:
    @app.get("/")
    async def home(request):
        return render(request, "page.html", {"title": "sync"})

    assert make_client(app).get("/").text == "<p>sync</p>"


def test_the_async_twin_sees_what_is_added_later(app: App) -> None:
    templates = app.extensions["templates"]
    env = templates.async_env
    assert templates.async_env is env  # made once
    templates.add_filter("twice", lambda text: text * 2)
    templates.add_global("late", "L")
    source = "{{ 'a' | twice }}{{ late }}"

    async def run() -> str:
        return await env.from_string(source).render_async()

    assert asyncio.run(run()) == "aaL"


def test_render_to_string_async(app: App) -> None:
    templates = app.extensions["templates"]
    text = asyncio.run(templates.render_to_string_async("slow.html", {"items": [5]}))
    assert text == "10"


def test_render_async_records_too(app: App) -> None:
    templates = app.extensions["templates"]
    with templates.record() as seen:
        asyncio.run(templates.render_to_string_async("page.html", {"title": "x"}))
    assert [item.name for item in seen] == ["page.html"]
