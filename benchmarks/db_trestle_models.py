"""The Trestle models of the database benchmark (TechEmpower's tables)."""

from __future__ import annotations

from sqlalchemy.orm import Mapped

from trestle.db import Model


class World(Model):
    __tablename__ = "world"
    randomnumber: Mapped[int]


class Fortune(Model):
    __tablename__ = "fortune"
    message: Mapped[str]
