"""Fixtures for the project tests; scratch packages come from `tree` (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

WriteFiles = Callable[[dict[str, str]], Path]


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """build_app() applies LOGGING to the process: put the loggers back as they were."""
    import logging

    manager = logging.Logger.manager
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(manager.loggerDict))]
    saved = [(lg, lg.handlers[:], lg.level, lg.propagate, lg.disabled) for lg in loggers]
    yield
    for logger, handlers, level, propagate, disabled in saved:
        logger.handlers[:] = handlers
        logger.level, logger.propagate, logger.disabled = level, propagate, disabled
    for name in list(manager.loggerDict):
        if name.startswith("trestle") and all(name != lg.name for lg in loggers):
            logging.getLogger(name).setLevel(logging.NOTSET)
