"""The change list of one model: the page of rows a request asks for, and what it shows.

Query parameters: ``q`` (search), ``o`` (sort: a column key, ``-`` for descending),
``page``, and each filter's own. A parameter it cannot use is a 400 that says why. The
page costs a fixed number of queries whatever its length: a count, the rows (relations
shown in columns loaded with them: a join, or one extra query per to-many relation), and
one per foreign key filter that lists rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from sqlalchemy import func

from trestle.admin.columns import Cell
from trestle.admin.filters import FilterView
from trestle.admin.search import MAX_LENGTH, search_criteria
from trestle.db.pagination import Page
from trestle.http.exceptions import BadRequest, NotFound

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from trestle.admin.options import ModelAdmin
    from trestle.http.request import Request


@dataclass(frozen=True, slots=True)
class Header:
    """A column header: its text, and where clicking it sorts (None: not sortable)."""

    label: str
    key: str
    sort_url: str | None
    #: ``"ascending"``, ``"descending"`` or ``"none"`` (for ``aria-sort``).
    sorted: str


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the change list."""

    pk: str
    url: str
    cells: list[tuple[Cell, bool]]


class ChangeList:
    """One page of a model's change list; see the module docstring."""

    def __init__(
        self, model_admin: ModelAdmin, request: Request, session: Session, base_url: str
    ) -> None:
        self.model_admin = model_admin
        self.base_url = base_url
        query = request.query
        self.params: dict[str, str] = {}
        for key in query:
            values = query.getlist(key)
            if len(values) > 1:
                raise BadRequest(f"the query parameter {key[:40]!r} is given more than once")
            self.params[key] = values[0]
        self.search = self.params.get("q", "").strip()[:MAX_LENGTH]
        self.sort_key, self.descending = self._sort(self.params.get("o", ""))
        criteria = []
        for list_filter in model_admin.filters:
            criteria.extend(list_filter.criteria(self.params))
        if self.search and model_admin.search:
            criteria.extend(search_criteria(model_admin.search, self.search))
        self.filtered = bool(criteria)
        statement = model_admin.get_queryset(request).where(*criteria)
        info = model_admin.info
        counting = statement.with_only_columns(func.count(), maintain_column_froms=True)
        self.count: int = session.execute(counting.order_by(None)).scalar_one()
        self.total: int = self.count
        if self.filtered:
            everything = model_admin.get_queryset(request).with_only_columns(
                func.count(), maintain_column_froms=True
            )
            self.total = session.execute(everything.order_by(None)).scalar_one()
        per_page = model_admin.list_per_page
        self.page_number = self._page(self.params.get("page"))
        pages = max(1, -(-self.count // per_page))
        if self.page_number > pages:
            raise NotFound(f"page {self.page_number} is past the last page ({pages})")
        order = []
        if self.sort_key is not None:
            column = model_admin.sortable[self.sort_key].sort
            assert column is not None
            order.append(column.desc() if self.descending else column.asc())
        order += model_admin.default_order
        order.append(
            info.pk_attribute.desc() if not model_admin.default_order else info.pk_attribute.asc()
        )
        paged = (
            statement.options(*model_admin.loaders)
            .order_by(*order)
            .limit(per_page)
            .offset((self.page_number - 1) * per_page)
        )
        items = list(session.scalars(paged).unique())
        self.page: Page[Any] = Page(items, self.page_number, per_page, self.count)
        self._session = session

    # -- parameters -----------------------------------------------------------------------------

    def _sort(self, raw: str) -> tuple[str | None, bool]:
        if not raw:
            return None, False
        descending = raw.startswith("-")
        key = raw[1:] if descending else raw
        if key not in self.model_admin.sortable:
            raise BadRequest(f"the list cannot be sorted by {key[:40]!r}")
        return key, descending

    @staticmethod
    def _page(raw: str | None) -> int:
        if raw is None or raw == "":
            return 1
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
            raise BadRequest(f"page must be a positive whole number, not {raw[:20]!r}")
        return int(raw)

    def query_string(self, changes: Mapping[str, str], drop: tuple[str, ...] = ()) -> str:
        """This list's query string with ``changes`` set and ``drop`` (and the page) left out."""
        values = {
            key: value
            for key, value in self.params.items()
            if key not in drop and key != "page" and key not in changes
        }
        values.update(changes)
        return "?" + urlencode(values) if values else "?"

    # -- what the page shows --------------------------------------------------------------------

    @property
    def headers(self) -> list[Header]:
        """The column headers, with the link that sorts by each sortable one."""
        found = []
        for column in self.model_admin.columns:
            if column.sort is None:
                found.append(Header(column.label, column.key, None, "none"))
                continue
            current = self.sort_key == column.key
            state = ("descending" if self.descending else "ascending") if current else "none"
            target = f"-{column.key}" if current and not self.descending else column.key
            found.append(Header(column.label, column.key, self.query_string({"o": target}), state))
        return found

    @property
    def rows(self) -> list[Row]:
        """The rows of this page, each with its cells and the link to its change page."""
        model_admin = self.model_admin
        columns = model_admin.columns
        links = model_admin.link_keys
        pk_of = model_admin.info.pk_of
        found = []
        for item in self.page.items:
            pk = str(pk_of(item))
            url = f"{self.base_url}{quote(pk, safe='')}/change/"
            cells = [(column.cell(item), column.key in links) for column in columns]
            found.append(Row(pk, url, cells))
        return found

    @property
    def filter_views(self) -> list[FilterView]:
        """The side bar's filters."""
        return [
            list_filter.view(self.params, self.query_string, self._session)
            for list_filter in self.model_admin.filters
        ]

    def page_url(self, number: int) -> str:
        """The link to page ``number`` of this list."""
        return self.query_string({"page": str(number)} if number > 1 else {})

    @property
    def page_links(self) -> list[int | None]:
        """Page numbers to link: the first, the last, and those around this one (None: a gap)."""
        pages = self.page.pages
        current = self.page.page
        wanted = {1, pages, *range(max(1, current - 2), min(pages, current + 2) + 1)}
        found: list[int | None] = []
        previous = 0
        for number in sorted(wanted):
            if number - previous > 1:
                found.append(None)
            found.append(number)
            previous = number
        return found

    @property
    def has_filters(self) -> bool:
        """True when filters or a search narrowed the list."""
        return self.filtered

    @property
    def clear_url(self) -> str:
        """The list without search and filters (the sort is kept)."""
        sort = self.params.get("o")
        return "?" + urlencode({"o": sort}) if sort else "?"
