"""Templates: the search path, autoescaping, reloading, globals and the extension points."""

from __future__ import annotations

import time
from pathlib import Path

import jinja2
import pytest

from trestle import App
from trestle.conf.settings import SettingsError
from trestle.templating import Templates, render
from trestle.templating.environment import BUILTIN_TEMPLATES

from .conftest import AppConfigStub, Registry, write


def test_search_path_order_project_then_apps_then_builtin(tmp_path: Path) -> None:
    project = write(tmp_path / "templates", {"blog/post.html": "project {{ 1 }}"})
    blog = write(tmp_path / "blog" / "templates", {"blog/post.html": "app", "blog/list.html": "L"})
    shop = write(tmp_path / "shop" / "templates", {"shop/cart.html": "cart"})
    app = App({"BASE_DIR": str(tmp_path), "TEMPLATES": {"DIRS": ["templates"]}})
    app.extensions["apps"] = Registry(
        AppConfigStub("blog", blog), AppConfigStub("empty", None), AppConfigStub("shop", shop)
    )
    templates = Templates.for_project(app)
    assert templates.search_path == (project, blog, shop, BUILTIN_TEMPLATES)
    assert templates.render_to_string("blog/post.html") == "project 1"  # the project wins
    assert templates.render_to_string("blog/list.html") == "L"
    assert templates.render_to_string("shop/cart.html") == "cart"
    assert "trestle/base.html" in templates.env.list_templates()


def test_a_battery_folder_goes_before_the_builtins_and_after_the_project(
    tmp_path: Path,
) -> None:
    project = write(tmp_path / "templates", {"auth/login.html": "project login"})
    battery = write(
        tmp_path / "battery",
        {"auth/login.html": "battery login", "auth/logout.html": "battery logout"},
    )
    templates = Templates(App({"BASE_DIR": str(tmp_path)}), "templates")
    templates.add_folder(battery)
    templates.add_folder(battery)  # once is enough
    assert templates.search_path == (project, battery, BUILTIN_TEMPLATES)
    assert templates.render_to_string("auth/login.html") == "project login"
    assert templates.render_to_string("auth/logout.html") == "battery logout"


def test_app_dirs_false_leaves_the_apps_out(tmp_path: Path) -> None:
    blog = write(tmp_path / "blog", {"blog/post.html": "app"})
    app = App({"TEMPLATES": {"APP_DIRS": False}})
    app.extensions["apps"] = Registry(AppConfigStub("blog", blog))
    assert Templates(app).search_path == (BUILTIN_TEMPLATES,)


def test_a_project_template_overrides_the_builtin_base(templates_dir: Path) -> None:
    write(
        templates_dir,
        {"trestle/base.html": "my base", "page.html": "{% extends 'trestle/base.html' %}"},
    )
    templates = Templates(App(), directory=templates_dir)
    assert templates.render_to_string("page.html") == "my base"


def test_directory_is_relative_to_base_dir(tmp_path: Path) -> None:
    write(tmp_path / "site", {"a.html": "A"})
    templates = Templates(App({"BASE_DIR": str(tmp_path)}), directory=["site"])
    assert templates.search_path[0] == tmp_path / "site"
    assert templates.render_to_string("a.html") == "A"


def test_a_missing_template_names_the_search_path(templates_dir: Path) -> None:
    templates = Templates(App(), directory=templates_dir)
    with pytest.raises(jinja2.TemplateNotFound) as caught:
        templates.render_to_string("nope.html")
    message = str(caught.value)
    assert "'nope.html' not found" in message
    assert f"searched, in order: {templates_dir}, {BUILTIN_TEMPLATES}" in message


def test_a_missing_include_names_the_search_path_too(templates_dir: Path) -> None:
    write(templates_dir, {"page.html": "{% include 'parts/missing.html' %}"})
    templates = Templates(App(), directory=templates_dir)
    with pytest.raises(jinja2.TemplateNotFound, match=r"'parts/missing\.html' not found; searched"):
        templates.render_to_string("page.html")


def test_a_list_of_names_renders_the_first_that_exists(templates_dir: Path) -> None:
    write(templates_dir, {"b.html": "B"})
    templates = Templates(App(), directory=templates_dir)
    assert templates.render_to_string(["a.html", "b.html"]) == "B"
    with pytest.raises(jinja2.TemplatesNotFound):
        templates.render_to_string(["x.html", "y.html"])


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("page.html", True),
        ("page.htm", True),
        ("feed.xml", True),
        ("icon.svg", True),
        ("mail.txt", False),
        ("query.sql", False),
    ],
)
def test_autoescape_by_extension(templates_dir: Path, name: str, escaped: bool) -> None:
    write(templates_dir, {name: "{{ value }}"})
    text = Templates(App(), directory=templates_dir).render_to_string(name, {"value": "<a&b>"})
    assert text == ("&lt;a&amp;b&gt;" if escaped else "<a&b>")


def test_inheritance_two_levels_includes_and_macros(templates_dir: Path) -> None:
    write(
        templates_dir,
        {
            "base.html": "<title>{% block title %}Site{% endblock %}</title>"
            "{% block body %}{% endblock %}",
            "section.html": "{% extends 'base.html' %}{% block body %}<nav>{% include "
            "'nav.html' %}</nav>{% block content %}{% endblock %}{% endblock %}",
            "nav.html": "{% for item in items %}[{{ item }}]{% endfor %}",
            "macros.html": "{% macro badge(text) %}<b>{{ text }}</b>{% endmacro %}",
            "page.html": "{% extends 'section.html' %}{% import 'macros.html' as m %}"
            "{% block title %}Page - {{ super() }}{% endblock %}"
            "{% block content %}{{ m.badge(label) }}{% endblock %}",
        },
    )
    text = Templates(App(), directory=templates_dir).render_to_string(
        "page.html", {"items": ["a", "b"], "label": "<new>"}
    )
    assert text == "<title>Page - Site</title><nav>[a][b]</nav><b>&lt;new&gt;</b>"


def test_auto_reload_with_debug(templates_dir: Path) -> None:
    page = write(templates_dir, {"page.html": "one"}) / "page.html"
    templates = Templates(App({"DEBUG": True}), directory=templates_dir)
    assert templates.env.auto_reload is True
    assert templates.env.bytecode_cache is None
    assert templates.render_to_string("page.html") == "one"
    page.write_text("two")
    stamp = time.time() + 5  # a later mtime, whatever the file system's resolution
    import os

    os.utime(page, (stamp, stamp))
    assert templates.render_to_string("page.html") == "two"


def test_no_reload_and_a_bytecode_cache_without_debug(templates_dir: Path) -> None:
    page = write(templates_dir, {"page.html": "one {{ 1 + 1 }}"}) / "page.html"
    templates = Templates(App(), directory=templates_dir)
    assert templates.env.auto_reload is False
    cache = templates.env.bytecode_cache
    assert isinstance(cache, jinja2.FileSystemBytecodeCache)
    assert templates.render_to_string("page.html") == "one 2"
    bucket = cache.get_bucket(templates.env, "page.html", str(page), page.read_text())
    assert bucket.code is not None  # compiled code was written to the cache and reads back
    page.write_text("two")
    assert templates.render_to_string("page.html") == "one 2"  # served from memory
    # The async twin never shares compiled code with the sync one.
    async_cache = templates.async_env.bytecode_cache
    assert isinstance(async_cache, jinja2.FileSystemBytecodeCache)
    assert async_cache.pattern != cache.pattern


def test_options_reach_jinja(templates_dir: Path) -> None:
    write(templates_dir, {"page.html": "{{ missing }}"})
    app = App({"TEMPLATES": {"OPTIONS": {"undefined": jinja2.StrictUndefined}}})
    templates = Templates(app, directory=templates_dir)
    with pytest.raises(jinja2.UndefinedError):
        templates.render_to_string("page.html")


def test_a_users_bytecode_cache_is_not_shared_with_async(tmp_path: Path) -> None:
    cache = jinja2.FileSystemBytecodeCache(str(tmp_path))
    templates = Templates(App({"TEMPLATES": {"OPTIONS": {"bytecode_cache": cache}}}))
    assert templates.env.bytecode_cache is cache
    assert templates.async_env.bytecode_cache is None


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (["templates"], "TEMPLATES must be a dict"),
        ({"DIR": ["templates"]}, "unknown keys \\['DIR'\\]"),
        ({"DIRS": "templates"}, "must be a list of folders"),
        ({"DIRS": [3]}, "must be a list of folders"),
        ({"OPTIONS": ["x"]}, "OPTIONS'\\] must be a dict"),
        ({"OPTIONS": {"loader": None}}, "may not set \\['loader'\\]"),
        ({"OPTIONS": {"enable_async": True}}, "may not set \\['enable_async'\\]"),
    ],
)
def test_bad_templates_settings_are_clear(setting: object, message: str) -> None:
    app = App()
    app.settings.TEMPLATES = setting
    with pytest.raises(SettingsError, match=message):
        Templates(app)


def test_one_templates_per_app() -> None:
    app = App()
    templates = Templates(app)
    assert app.extensions["templates"] is templates
    assert Templates.for_project(app) is templates
    with pytest.raises(RuntimeError, match="already has its templates"):
        Templates(app)


def test_render_sets_up_templates_from_the_settings(tmp_path: Path, make_client) -> None:
    write(tmp_path / "templates", {"hi.html": "hi {{ who }}"})
    app = App({"BASE_DIR": str(tmp_path), "TEMPLATES": {"DIRS": ["templates"]}})

    @app.get("/")
    def home(request):
        return render(request, "hi.html", {"who": "there"})

    assert make_client(app).get("/").text == "hi there"
    assert isinstance(app.extensions["templates"], Templates)


def test_filters_globals_tests_and_context_processors(templates_dir: Path, make_client) -> None:
    write(
        templates_dir,
        {
            "page.html": "{{ site }}|{{ name | shout }}|{{ 4 is even_number }}|{{ user }}"
            "|{{ theme }}|{{ request.path }}"
        },
    )
    app = App()
    templates = Templates(app, directory=templates_dir)
    templates.add_global("site", "Trestle")
    templates.add_filter("shout", lambda text: text.upper() + "!")
    templates.add_test("even_number", lambda number: number % 2 == 0)
    templates.add_context_processor(lambda request: {"user": "ada", "theme": "dark"})
    templates.add_context_processor(lambda request: {"user": request.query.get("as", "ada")})

    @app.get("/page")
    def page(request):
        return render(request, "page.html", {"name": "hi", "theme": "light"})

    client = make_client(app)
    # A later processor overrides an earlier one; the view's context overrides both.
    assert client.get("/page?as=bob").text == "Trestle|HI!|True|bob|light|/page"


def test_processors_do_not_run_without_a_request(templates_dir: Path) -> None:
    write(
        templates_dir, {"page.html": "{{ request }}|{{ messages | list }}|{{ x | default('-') }}"}
    )
    templates = Templates(App(), directory=templates_dir)
    templates.add_context_processor(lambda request: {"x": request.path})
    assert templates.render_to_string("page.html") == "None|[]|-"


def test_url_for_and_static_globals(templates_dir: Path, make_client) -> None:
    write(
        templates_dir,
        {"page.html": "{{ url_for('post', slug=slug) }} {{ static('css/site.css') }}"},
    )
    app = App({"STATIC_URL": "/assets/"})
    Templates(app, directory=templates_dir)

    @app.get("/posts/<slug>")
    def post(request, slug: str):
        return render(request, "page.html", {"slug": slug})

    assert make_client(app).get("/posts/a b").text == "/posts/a%20b /assets/css/site.css"


def test_url_for_without_a_request_uses_the_app(templates_dir: Path) -> None:
    write(templates_dir, {"page.html": "{{ url_for('home') }}"})
    app = App()
    app.add_route("/home", lambda: "", name="home")
    assert Templates(app, directory=templates_dir).render_to_string("page.html") == "/home"


def test_record_captures_renders(templates_dir: Path, make_client) -> None:
    write(templates_dir, {"page.html": "{{ n }}"})
    app = App()
    templates = Templates(app, directory=templates_dir)

    @app.get("/<int:n>")
    def page(request, n: int):
        return render(request, "page.html", {"n": n})

    client = make_client(app)
    with templates.record() as seen:
        client.get("/1")
        client.get("/2")
    client.get("/3")
    assert [(item.name, item.context["n"]) for item in seen] == [("page.html", 1), ("page.html", 2)]
    assert seen[0].context["request"].path == "/1"
