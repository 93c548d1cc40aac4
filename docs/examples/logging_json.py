# settings.py: one JSON object per line, for a log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "format": (
                '{"time": "%(asctime)s", "level": "%(levelname)s", "logger": "%(name)s", '
                '"message": "%(message)s"}'
            ),
        },
    },
    "handlers": {
        "console": {"class": "trestle.logs.ConsoleHandler", "formatter": "json"},
    },
    "loggers": {
        "trestle": {"handlers": ["console"], "level": "INFO"},
        "trestle.request": {"level": "WARNING"},  # only the 4xx and 5xx lines
    },
}
