"""Request logging: one line per request (method, path, status, duration, id); LOGGING."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest

from trestle import App, StreamingResponse, abort
from trestle.logs import DEFAULT_LOGGING, ConsoleHandler, RequestLogMiddleware, configure_logging
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


def logged_app() -> App:
    app = App(middleware=[RequestLogMiddleware()])

    @app.get("/hello")
    def hello() -> str:
        return "hi"

    @app.get("/missing")
    def missing() -> None:
        abort(404)

    @app.get("/crash")
    def crash() -> None:
        raise RuntimeError("boom")

    @app.get("/stream")
    def stream() -> StreamingResponse:
        return StreamingResponse(iter(["a", "b"]))

    return app


@pytest.mark.parametrize(
    ("path", "status", "level"),
    [
        ("/hello", 200, logging.INFO),
        ("/stream", 200, logging.INFO),
        ("/missing", 404, logging.WARNING),
        ("/nowhere", 404, logging.WARNING),
        ("/crash", 500, logging.ERROR),
    ],
)
def test_one_line_per_request(
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
    path: str,
    status: int,
    level: int,
) -> None:
    caplog.set_level(logging.INFO, logger="trestle")
    response = make_client(logged_app()).get(path + "?token=secret")
    assert response.status_code == status
    (record,) = [r for r in caplog.records if r.name == "trestle.request"]
    assert record.levelno == level
    message = record.getMessage()
    assert re.fullmatch(rf"GET {path} {status} \d+\.\d ms [0-9a-f]{{32}}", message), message
    assert "secret" not in message  # the query string can carry tokens: not logged
    assert (record.method, record.path, record.status) == ("GET", path, status)  # type: ignore[attr-defined]
    assert record.duration_ms >= 0  # type: ignore[attr-defined]
    if status == 500:
        error = next(r for r in caplog.records if r.name == "trestle.error")
        assert record.request_id in error.getMessage()  # type: ignore[attr-defined]
        assert response.json()["request_id"] == record.request_id  # type: ignore[attr-defined]


def test_only_the_levels_switched_on_are_written(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="trestle.request")
    client = make_client(logged_app())
    client.get("/hello")
    client.get("/missing")
    lines = [r.getMessage() for r in caplog.records if r.name == "trestle.request"]
    assert [line.split()[2] for line in lines] == ["404"]
    caplog.set_level(logging.CRITICAL, logger="trestle.request")
    client.get("/crash")
    assert len([r for r in caplog.records if r.name == "trestle.request"]) == 1


def test_a_logger_of_ones_own(make_client: MakeClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="shop.access")
    app = App(middleware=[RequestLogMiddleware(logging.getLogger("shop.access"))])
    app.add_route("/", lambda: "ok")
    make_client(app).get("/")
    assert [r.name for r in caplog.records] == ["shop.access"]


def test_default_logging_writes_to_the_current_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    logger = logging.getLogger("trestle")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    try:
        configure_logging({})
        assert [type(h) for h in logger.handlers] == [ConsoleHandler]
        logging.getLogger("trestle.request").info("GET / 200 1.0 ms abc")
        err = capsys.readouterr().err
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO    trestle.request: GET / 200 1.0 ms abc\n", err
        )
        configure_logging({**DEFAULT_LOGGING, "loggers": {"trestle": {"level": "ERROR"}}})
        assert logger.level == logging.ERROR
    finally:
        logger.handlers[:], logger.level, logger.propagate = saved


def test_console_handler_follows_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    handler = ConsoleHandler()
    handler.stream = None  # what StreamHandler.setStream would do: ignored
    handler.emit(logging.makeLogRecord({"msg": "written"}))
    assert capsys.readouterr().err == "written\n"
