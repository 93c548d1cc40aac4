"""The change list's search box (``search_fields``): every word must match one of the fields.

A field is a column (``"title"``) or a column of a related row (``"author__name"``, matched
through an EXISTS subquery, so rows are never repeated). A prefix changes the match:
``"=email"`` is the whole value, ``"^title"`` its start; the default is "contains", ignoring
case. Integer columns match a word that is a whole number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import false, func, or_, types

from trestle.admin.introspect import AdminConfigError, ModelInfo, model_info

if TYPE_CHECKING:
    from sqlalchemy.sql.elements import ColumnElement

#: At most this many words are used; the box takes at most this many characters.
MAX_TERMS = 10
MAX_LENGTH = 200

Matcher = Callable[[str], "ColumnElement[bool] | None"]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _column_matcher(column: Any, sql_type: Any, mode: str) -> Matcher:
    if isinstance(sql_type, types.Integer):

        def match_number(term: str) -> ColumnElement[bool] | None:
            digits = term.lstrip("-")
            if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
                return None
            return column == int(term)  # type: ignore[no-any-return]

        return match_number
    if not isinstance(sql_type, types.String):
        raise AdminConfigError(
            f"search_fields: {column.key!r} is a {type(sql_type).__name__} column; search "
            "text or integer columns"
        )

    def match_text(term: str) -> ColumnElement[bool] | None:
        if mode == "=":
            return func.lower(column) == term.lower()
        pattern = _escape_like(term) + "%" if mode == "^" else f"%{_escape_like(term)}%"
        return column.ilike(pattern, escape="\\")  # type: ignore[no-any-return]

    return match_text


def compile_search(info: ModelInfo, fields: Sequence[str], owner: str) -> list[Matcher]:
    """A matcher per search field; an unknown field is an AdminConfigError."""
    matchers: list[Matcher] = []
    for entry in fields:
        mode = entry[:1] if entry[:1] in ("=", "^") else ""
        name = entry[len(mode) :]
        if "__" in name:
            relation_name, _, field = name.partition("__")
            relation = info.relations.get(relation_name)
            if relation is None or "__" in field:
                raise AdminConfigError(
                    f"{owner}.search_fields: {entry!r} should be 'relation__column' with a "
                    f"relationship of {info.model.__name__}"
                )
            target = model_info(relation.target)
            if field not in target.columns:
                raise AdminConfigError(
                    f"{owner}.search_fields: {relation.target.__name__} has no column {field!r}"
                )
            inner = _column_matcher(
                getattr(relation.target, field), target.columns[field].type, mode
            )
            attribute = getattr(info.model, relation.name)
            matchers.append(_through(attribute, inner, relation.to_many))
            continue
        if name not in info.columns:
            raise AdminConfigError(
                f"{owner}.search_fields names {entry!r}, not a column of {info.model.__name__}"
            )
        matchers.append(_column_matcher(getattr(info.model, name), info.columns[name].type, mode))
    return matchers


def _through(attribute: Any, inner: Matcher, to_many: bool) -> Matcher:
    def match(term: str) -> ColumnElement[bool] | None:
        condition = inner(term)
        if condition is None:
            return None
        return attribute.any(condition) if to_many else attribute.has(condition)  # type: ignore[no-any-return]

    return match


def search_terms(text: str) -> list[str]:
    """The words of a search, quotes keeping phrases together (``"ada lovelace" 1843``)."""
    text = text[:MAX_LENGTH]
    terms: list[str] = []
    for index, part in enumerate(text.split('"')):
        if index % 2:
            if part.strip():
                terms.append(part.strip())
        else:
            terms.extend(part.split())
    return terms[:MAX_TERMS]


def search_criteria(matchers: Sequence[Matcher], text: str) -> list[ColumnElement[bool]]:
    """The conditions for a search: each word matches at least one field."""
    criteria: list[ColumnElement[bool]] = []
    for term in search_terms(text):
        options = [condition for matcher in matchers if (condition := matcher(term)) is not None]
        criteria.append(or_(*options) if options else false())
    return criteria
