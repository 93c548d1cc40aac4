"""The examples of docs/projects.md, cli.md and logging.md that are files of a project
(``blog/apps.py``, ``blog/commands.py``, a LOGGING setting), run where they would live."""

from __future__ import annotations

import logging
from pathlib import Path

from click.testing import CliRunner

from trestle import Settings
from trestle.apps import build_app
from trestle.apps.checks import run_checks
from trestle.cli import main

from .conftest import WriteFiles

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"

BLOG = {
    "blog/__init__.py": "",
    "blog/models.py": "class Post:\n    pass\n",
    "blog/apps.py": (EXAMPLES / "projects_apps.py").read_text(),
    "blog/commands.py": (EXAMPLES / "cli_app_commands.py").read_text(),
    "site_settings.py": "DEBUG = True\nINSTALLED_APPS = ['blog']\n",
}


def test_the_app_config_example(tree: WriteFiles) -> None:
    tree(BLOG)
    app = build_app(Settings({"DEBUG": True, "INSTALLED_APPS": ["blog"]}, environ={}))
    config = app.extensions["apps"].get_app_config("blog")
    assert type(config).__name__ == "BlogConfig"
    assert config.verbose_name == "Field notes"
    assert config.post_model.__name__ == "Post"  # ready() ran
    with app.test_client() as client:
        assert client.get("/blog/feed.xml").text == "<feed/>"  # install() ran
    assert [m.id for m in run_checks(app, deploy=True)][-1] == "blog.W001"
    assert "blog.W001" not in [m.id for m in run_checks(app)]


def test_the_command_example(tree: WriteFiles) -> None:
    tree(BLOG)
    result = CliRunner().invoke(main, ["--settings", "site_settings", "publish", "Spring is here"])
    assert result.exit_code == 0, result.output
    assert result.output == "Published 'Spring is here' in Field notes (DEBUG=True)\n"


def test_the_json_logging_example(capsys: object) -> None:
    import runpy

    logging_setting = runpy.run_path(str(EXAMPLES / "logging_json.py"))["LOGGING"]
    logger = logging.getLogger("trestle")
    saved = (logger.handlers[:], logger.level)
    request_logger = logging.getLogger("trestle.request")
    saved_request_level = request_logger.level
    try:
        build_app(Settings({"DEBUG": True, "LOGGING": logging_setting}, environ={}))
        request_logger.info("GET / 200 1.0 ms abc")  # below WARNING: dropped
        request_logger.warning("GET /x 404 1.0 ms def")
        err = capsys.readouterr().err  # type: ignore[attr-defined]
    finally:
        logger.handlers[:], logger.level = saved
        request_logger.setLevel(saved_request_level)
    import json

    (line,) = err.splitlines()
    record = json.loads(line)
    assert (record["level"], record["logger"]) == ("WARNING", "trestle.request")
    assert record["message"] == "GET /x 404 1.0 ms def"
