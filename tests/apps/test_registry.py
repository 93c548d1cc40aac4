"""The app registry and AppConfig: apps loaded in order, configs found, clear errors."""

from __future__ import annotations

import pytest

from trestle.apps import AppConfig, AppConfigError, Apps

from .conftest import WriteFiles

BLOG_APPS = """\
from trestle.apps import AppConfig

EVENTS = []


class BlogConfig(AppConfig):
    verbose_name = "The blog"

    def ready(self):
        from blog import models

        EVENTS.append(("ready", self.label, models.Post.__name__))
"""


def test_apps_load_in_order_with_their_configs(tree: WriteFiles) -> None:
    root = tree(
        {
            "blog/__init__.py": "",
            "blog/apps.py": BLOG_APPS,
            "blog/models.py": "class Post:\n    pass\n",
            "blog/templates/blog/index.html": "hi",
            "blog/static/blog/site.css": "",
            "shop/__init__.py": "",
        }
    )
    apps = Apps(["shop", "blog"]).populate()
    shop, blog = apps.get_app_configs()
    assert [config.label for config in apps] == ["shop", "blog"]
    assert type(blog).__name__ == "BlogConfig" and type(shop) is AppConfig
    assert blog.name == "blog" and blog.verbose_name == "The blog"
    assert shop.verbose_name == "Shop"
    assert blog.path == (root / "blog").resolve()
    assert blog.templates_dir == blog.path / "templates"
    assert blog.static_dir == blog.path / "static"
    assert blog.migrations_dir == blog.path / "migrations"
    assert shop.templates_dir is None and shop.static_dir is None
    assert blog.models_module is not None and blog.models_module.__name__ == "blog.models"
    assert shop.models_module is None
    import blog.apps as blog_apps  # type: ignore[import-not-found]

    assert blog_apps.EVENTS == [("ready", "blog", "Post")]
    assert apps.get_app_config("blog") is blog
    assert apps.is_installed("blog") and not apps.is_installed("news")
    assert len(apps) == 2 and repr(apps) == "<Apps shop, blog>"
    assert repr(blog) == "<BlogConfig blog: blog>"


def test_populate_runs_once(tree: WriteFiles) -> None:
    tree({"blog/__init__.py": "", "blog/apps.py": BLOG_APPS, "blog/models.py": "class Post: ..."})
    apps = Apps(["blog"])
    assert apps.populate() is apps.populate()
    import blog.apps as blog_apps  # type: ignore[import-not-found]

    assert len(blog_apps.EVENTS) == 1


def test_trestle_batteries_are_apps_too() -> None:
    apps = Apps(["trestle.templating"]).populate()
    (config,) = apps.get_app_configs()
    assert (config.label, config.name) == ("templating", "trestle.templating")
    assert config.templates_dir is not None


def test_for_module_finds_the_longest_prefix(tree: WriteFiles) -> None:
    tree(
        {
            "shop/__init__.py": "",
            "shop/payments/__init__.py": "",
            "shop/payments/apps.py": (
                "from trestle.apps import AppConfig\n\n"
                "class Payments(AppConfig):\n    label = 'shop_payments'\n"
            ),
        }
    )
    apps = Apps(["shop", "shop.payments"]).populate()
    assert apps.for_module("shop.payments.models").label == "shop_payments"  # type: ignore[union-attr]
    assert apps.for_module("shop.payments").label == "shop_payments"  # type: ignore[union-attr]
    assert apps.for_module("shop.views").label == "shop"  # type: ignore[union-attr]
    assert apps.for_module("shopping") is None


def test_get_app_config_lists_the_labels() -> None:
    apps = Apps(["trestle.templating"]).populate()
    with pytest.raises(
        LookupError, match=r"no installed app labelled 'blog' \(installed: templating\)"
    ):
        apps.get_app_config("blog")


def test_submodules(tree: WriteFiles) -> None:
    tree(
        {
            "blog/__init__.py": "",
            "blog/admin.py": "REGISTERED = True\n",
            "blog/commands/__init__.py": "",
        }
    )
    (config,) = Apps(["blog"]).populate().get_app_configs()
    assert config.has_submodule("admin") and config.has_submodule("commands")
    assert not config.has_submodule("feeds")
    admin = config.import_submodule("admin")
    assert admin is not None and admin.REGISTERED is True
    assert config.import_submodule("feeds") is None


@pytest.mark.parametrize(
    ("installed", "files", "expected"),
    [
        (["nowhere"], {}, "INSTALLED_APPS names 'nowhere', but there is no such module"),
        (["blog.nowhere"], {}, "INSTALLED_APPS names 'blog.nowhere', but there is no such"),
        (["blog", "blog"], {}, "INSTALLED_APPS names 'blog' twice"),
        ([""], {}, "INSTALLED_APPS entries are dotted module names; got ''"),
        ([3], {}, "INSTALLED_APPS entries are dotted module names; got 3"),
        (
            ["blog", "other.blog"],
            {"other/__init__.py": "", "other/blog/__init__.py": ""},
            "the apps 'blog' and 'other.blog' have the same label 'blog'; set another `label`",
        ),
        (
            ["single"],
            {"single.py": ""},
            "the app 'single' is a module, not a package: an app is a folder with an __init__.py",
        ),
        (
            ["blog"],
            {"blog/models.py": "x = 1\nraise RuntimeError('no table')\n"},
            "importing 'blog.models' failed: RuntimeError: no table (blog/models.py, line 2)",
        ),
        (
            ["blog"],
            {"blog/apps.py": "import nosuchmodule\n"},
            "importing 'blog.apps' failed: ModuleNotFoundError: No module named 'nosuchmodule' "
            "(blog/apps.py, line 1)",
        ),
        (
            ["blog"],
            {"blog/__init__.py": "def broken(:\n"},
            "importing 'blog' failed: SyntaxError: invalid syntax (blog/__init__.py, line 1)",
        ),
        (
            ["blog"],
            {
                "blog/apps.py": (
                    "from trestle.apps import AppConfig\n"
                    "class A(AppConfig): pass\n"
                    "class B(AppConfig): pass\n"
                )
            },
            "blog.apps defines several AppConfig classes (A, B); keep one per app",
        ),
        (
            ["blog"],
            {
                "blog/apps.py": (
                    "from trestle.apps import AppConfig\n"
                    "class A(AppConfig):\n"
                    "    def ready(self):\n"
                    "        raise ValueError('bad')\n"
                )
            },
            "blog: ready() failed: ValueError: bad (blog/apps.py, line 4)",
        ),
        (
            ["blog"],
            {
                "blog/apps.py": (
                    "from trestle.apps import AppConfig\n"
                    "class A(AppConfig):\n"
                    "    label = 'my-blog'\n"
                )
            },
            "the app 'blog' has the label 'my-blog', which is not a Python identifier",
        ),
    ],
    ids=[
        "missing",
        "missing-submodule",
        "twice",
        "empty",
        "not-a-string",
        "same-label",
        "module",
        "broken-models",
        "broken-apps",
        "syntax",
        "two-configs",
        "ready-fails",
        "bad-label",
    ],
)
def test_mistakes_are_clear_errors(
    tree: WriteFiles, installed: list[object], files: dict[str, str], expected: str
) -> None:
    tree({"blog/__init__.py": "", **files})
    with pytest.raises(AppConfigError) as raised:
        Apps(installed).populate()  # type: ignore[arg-type]
    assert str(raised.value).startswith(expected)


def test_installed_apps_must_be_a_list() -> None:
    with pytest.raises(AppConfigError, match="must be a list of module names, not a string"):
        Apps("blog")


def test_an_imported_config_is_not_mistaken_for_the_apps_own(tree: WriteFiles) -> None:
    tree(
        {
            "base/__init__.py": "",
            "base/apps.py": (
                "from trestle.apps import AppConfig\n\nclass BaseConfig(AppConfig):\n    pass\n"
            ),
            "blog/__init__.py": "",
            "blog/apps.py": "from base.apps import BaseConfig\n",
        }
    )
    (config,) = Apps(["blog"]).populate().get_app_configs()
    assert type(config) is AppConfig
