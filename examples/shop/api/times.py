"""Datetimes as the API shows and compares them: always aware, always UTC."""

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """``moment`` with a time zone: SQLite hands back naive datetimes, stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
