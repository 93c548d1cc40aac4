"""The filters of a change list's side bar (``list_filter``): yes/no, choices, related rows,
date ranges.

Each filter reads its own query parameters (``published=1``, ``author_id=3``,
``created__gte=2025-01-01``), checks them (a value it cannot take is a 400 that says why),
and gives the SQL conditions and the links the side bar shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, types

from trestle.admin.introspect import AdminConfigError, ModelInfo, model_info
from trestle.forms.fields import choice_key
from trestle.http.exceptions import BadRequest

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
    from sqlalchemy.sql.elements import ColumnElement

#: Builds the query string of a link: (values to set, parameter names to drop).
LinkMaker = Callable[[Mapping[str, str], tuple[str, ...]], str]


@dataclass(frozen=True, slots=True)
class FilterChoice:
    """One link of a filter: its text, the query string it leads to, whether it is on."""

    label: str
    query: str
    selected: bool


@dataclass(slots=True)
class FilterView:
    """What the side bar shows for one filter."""

    title: str
    name: str
    #: ``"links"``, ``"dates"`` (links plus a from/to form) or ``"input"`` (a key to type).
    kind: str
    choices: list[FilterChoice]
    #: For ``dates`` and ``input``: the current values by parameter name.
    values: dict[str, str]
    #: For ``dates`` and ``input``: the other parameters the form carries along.
    hidden: list[tuple[str, str]]
    active: bool


class ListFilter:
    """A filter on one column; see the module docstring."""

    def __init__(self, info: ModelInfo, name: str, title: str) -> None:
        self.info = info
        #: The column's attribute name (the query parameter).
        self.name = name
        self.title = title
        self.column = getattr(info.model, name)
        self.nullable = bool(info.columns[name].nullable)

    @property
    def parameters(self) -> tuple[str, ...]:
        """The query parameters this filter reads."""
        return (self.name, f"{self.name}__isnull")

    def criteria(self, query: Mapping[str, str]) -> list[ColumnElement[bool]]:
        """The conditions for the filter's parameters in ``query`` (a 400 for a bad value)."""
        found: list[ColumnElement[bool]] = []
        isnull = query.get(f"{self.name}__isnull")
        if isnull is not None:
            if isnull not in ("1", "0"):
                raise BadRequest(f"{self.name}__isnull must be 1 or 0")
            found.append(self.column.is_(None) if isnull == "1" else self.column.is_not(None))
        raw = query.get(self.name)
        if raw is not None and raw != "":
            found.append(self.column == self.convert(raw))
        return found

    def convert(self, raw: str) -> Any:
        """The column value a parameter stands for."""
        raise NotImplementedError

    def options(self, session: Session) -> list[tuple[str, str]]:
        """``(value, label)`` for each link (besides "All" and "None")."""
        raise NotImplementedError

    def view(self, query: Mapping[str, str], link: LinkMaker, session: Session) -> FilterView:
        """The side bar's part for this filter."""
        return self._links(query, link, self.options(session))

    def _links(
        self, query: Mapping[str, str], link: LinkMaker, options: list[tuple[str, str]]
    ) -> FilterView:
        current = query.get(self.name)
        isnull = query.get(f"{self.name}__isnull")
        drop = self.parameters
        choices = [FilterChoice("All", link({}, drop), current is None and isnull is None)]
        for value, label in options:
            choices.append(FilterChoice(label, link({self.name: value}, drop), current == value))
        if self.nullable:
            choices.append(
                FilterChoice("None", link({f"{self.name}__isnull": "1"}, drop), isnull == "1")
            )
        active = current is not None or isnull is not None
        return FilterView(self.title, self.name, "links", choices, {}, [], active)


class BooleanFilter(ListFilter):
    """Yes / No (and None for a nullable column)."""

    def convert(self, raw: str) -> Any:
        if raw not in ("1", "0"):
            raise BadRequest(f"{self.name} must be 1 (yes) or 0 (no), not {raw[:20]!r}")
        return raw == "1"

    def options(self, session: Session) -> list[tuple[str, str]]:
        return [("1", "Yes"), ("0", "No")]


class ChoicesFilter(ListFilter):
    """One link per choice of an Enum column or a column with ``info["choices"]``."""

    def __init__(self, info: ModelInfo, name: str, title: str) -> None:
        super().__init__(info, name, title)
        choices = info.choices_of(name) or []
        self._choices = [(choice_key(value), label) for value, label in choices]
        self._values = {choice_key(value): value for value, _ in choices}

    def convert(self, raw: str) -> Any:
        if raw not in self._values:
            raise BadRequest(f"{self.name} has no choice {raw[:40]!r}")
        return self._values[raw]

    def options(self, session: Session) -> list[tuple[str, str]]:
        return self._choices


class RelatedFilter(ListFilter):
    """One link per related row; above ``limit`` rows, a field for the row's key instead."""

    def __init__(self, info: ModelInfo, name: str, title: str, target: type[Any], limit: int):
        super().__init__(info, name, title)
        self.target = target
        self.target_info = model_info(target)
        self.limit = limit
        try:
            self.key_type: type = self.target_info.pk_column.type.python_type
        except NotImplementedError:
            self.key_type = str

    def convert(self, raw: str) -> Any:
        try:
            if self.key_type is int:
                if not (raw.isascii() and raw.lstrip("-").isdigit()) or len(raw) > 19:
                    raise ValueError(raw)
                return int(raw)
            return self.key_type(raw)
        except (TypeError, ValueError):
            raise BadRequest(f"{self.name} must be the key of a {self.title.lower()}") from None

    def _rows(self, session: Session) -> list[Any]:
        statement = select(self.target).order_by(self.target_info.pk_attribute)
        return list(session.scalars(statement.limit(self.limit + 1)))

    def options(self, session: Session) -> list[tuple[str, str]]:
        return [(str(self.target_info.pk_of(row)), str(row)) for row in self._rows(session)]

    def view(self, query: Mapping[str, str], link: LinkMaker, session: Session) -> FilterView:
        rows = self._rows(session)
        if len(rows) <= self.limit:
            pk_of = self.target_info.pk_of
            return self._links(query, link, [(str(pk_of(row)), str(row)) for row in rows])
        # Too many to list: a field for the key (the form keeps the other parameters).
        current = query.get(self.name, "")
        hidden = [(key, value) for key, value in query.items() if key not in self.parameters]
        choices = [FilterChoice("All", link({}, self.parameters), not current)]
        if current:
            try:
                found = session.get(self.target, self.convert(current))
            except BadRequest:
                found = None
            label = str(found) if found is not None else f"#{current} (not found)"
            choices.append(FilterChoice(label, link({self.name: current}, ()), True))
        return FilterView(
            self.title, self.name, "input", choices, {self.name: current}, hidden, bool(current)
        )


class DateRangeFilter(ListFilter):
    """Today, the past 7 days, this month, this year, or a from/to range (both included)."""

    @property
    def parameters(self) -> tuple[str, ...]:
        return (f"{self.name}__gte", f"{self.name}__lte", f"{self.name}__isnull")

    def __init__(self, info: ModelInfo, name: str, title: str) -> None:
        super().__init__(info, name, title)
        column_type = info.columns[name].type
        self.is_datetime = isinstance(column_type, types.DateTime)
        self.aware = self.is_datetime and bool(getattr(column_type, "timezone", False))

    def _date(self, key: str, raw: str) -> dt.date:
        try:
            if len(raw) != 10:
                raise ValueError(raw)
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise BadRequest(f"{key} must be a date like 2025-03-31, not {raw[:20]!r}") from None

    def _bound(self, day: dt.date) -> Any:
        if not self.is_datetime:
            return day
        moment = dt.datetime.combine(day, dt.time())
        return moment.replace(tzinfo=dt.UTC) if self.aware else moment

    def criteria(self, query: Mapping[str, str]) -> list[ColumnElement[bool]]:
        found = super().criteria({k: v for k, v in query.items() if k != self.name})
        start = query.get(f"{self.name}__gte")
        if start:
            found.append(self.column >= self._bound(self._date(f"{self.name}__gte", start)))
        end = query.get(f"{self.name}__lte")
        if end:
            day = self._date(f"{self.name}__lte", end)
            if self.is_datetime:
                found.append(self.column < self._bound(day + dt.timedelta(days=1)))
            else:
                found.append(self.column <= day)
        return found

    def presets(self, today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
        """The ready-made ranges: ``(label, first day, last day)``."""
        return [
            ("Today", today, today),
            ("Past 7 days", today - dt.timedelta(days=6), today),
            ("This month", today.replace(day=1), today),
            ("This year", today.replace(month=1, day=1), today),
        ]

    def view(self, query: Mapping[str, str], link: LinkMaker, session: Session) -> FilterView:
        start_key, end_key, null_key = self.parameters
        start, end = query.get(start_key, ""), query.get(end_key, "")
        isnull = query.get(null_key)
        drop = self.parameters
        choices = [FilterChoice("Any date", link({}, drop), not (start or end or isnull))]
        today = dt.datetime.now(dt.UTC).date() if self.aware else dt.date.today()
        for label, first, last in self.presets(today):
            values = {start_key: first.isoformat(), end_key: last.isoformat()}
            selected = start == values[start_key] and end == values[end_key]
            choices.append(FilterChoice(label, link(values, drop), selected))
        if self.nullable:
            choices.append(FilterChoice("No date", link({null_key: "1"}, drop), isnull == "1"))
        hidden = [(key, value) for key, value in query.items() if key not in drop]
        values = {start_key: start, end_key: end}
        active = bool(start or end or isnull)
        return FilterView(self.title, self.name, "dates", choices, values, hidden, active)


def make_filter(info: ModelInfo, entry: Any, select_limit: int, owner: str) -> ListFilter:
    """The filter for one ``list_filter`` entry: the name of a column or relation."""
    if not isinstance(entry, str):
        raise AdminConfigError(f"{owner}.list_filter entries are names, not {entry!r}")
    relation = info.relations.get(entry)
    name = entry
    if relation is not None:
        if relation.to_many or relation.local_key is None:
            raise AdminConfigError(
                f"{owner}.list_filter: {entry!r} is a relation to many rows; filter on a "
                "foreign key (a relation to one row) instead"
            )
        name = relation.local_key
    if name not in info.columns:
        raise AdminConfigError(
            f"{owner}.list_filter names {entry!r}, which is not a column or relation of "
            f"{info.model.__name__}"
        )
    title = info.column_label(entry)
    column = info.columns[name]
    related = info.relation_by_key.get(name)
    if related is not None:
        return RelatedFilter(info, name, title, related.target, select_limit)
    if column.foreign_keys:
        raise AdminConfigError(
            f"{owner}.list_filter: {name!r} is a foreign key without a relationship() on "
            f"{info.model.__name__}; add one so the filter can list the rows"
        )
    if info.choices_of(name) is not None:
        return ChoicesFilter(info, name, title)
    if isinstance(column.type, types.Boolean):
        return BooleanFilter(info, name, title)
    if isinstance(column.type, (types.Date, types.DateTime)):
        return DateRangeFilter(info, name, title)
    raise AdminConfigError(
        f"{owner}.list_filter: {name!r} is a {type(column.type).__name__} column; the admin "
        "filters booleans, choices, foreign keys and dates (use search_fields for text)"
    )
