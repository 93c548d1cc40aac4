"""MultiDict: the last value wins, getlist has them all, and nothing can change it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trestle.http.multidict import MultiDict

PAIRS = [("a", "1"), ("b", "2"), ("a", "3")]


def test_last_value_wins() -> None:
    md = MultiDict(PAIRS)
    assert md["a"] == "3"
    assert md.get("a") == "3"
    assert md["b"] == "2"


def test_getlist() -> None:
    md = MultiDict(PAIRS)
    assert md.getlist("a") == ["1", "3"]
    assert md.getlist("b") == ["2"]
    assert md.getlist("missing") == []


def test_missing_key() -> None:
    md = MultiDict(PAIRS)
    with pytest.raises(KeyError):
        md["missing"]
    assert md.get("missing") is None
    assert md.get("missing", "x") == "x"
    assert "missing" not in md
    assert 1 not in md


def test_mapping_view() -> None:
    md = MultiDict(PAIRS)
    assert list(md) == ["a", "b"]
    assert len(md) == 2
    assert "a" in md
    assert list(md.items()) == [("a", "3"), ("b", "2")]
    assert list(md.values()) == ["3", "2"]
    assert dict(md) == {"a": "3", "b": "2"}


def test_multi_items_and_to_dict() -> None:
    md = MultiDict(PAIRS)
    assert md.multi_items() == PAIRS
    assert md.to_dict() == {"a": ["1", "3"], "b": "2"}
    md.multi_items().append(("c", "4"))  # a copy
    assert "c" not in md


def test_empty() -> None:
    md: MultiDict[str] = MultiDict()
    assert len(md) == 0
    assert not md
    assert md.to_dict() == {}
    assert md == {}


def test_equality() -> None:
    assert MultiDict(PAIRS) == MultiDict(list(PAIRS))
    assert MultiDict(PAIRS) != MultiDict([("a", "3"), ("b", "2")])  # order and repeats count
    assert MultiDict(PAIRS) == {"a": "3", "b": "2"}
    assert MultiDict(PAIRS) != {"a": "1", "b": "2"}
    assert MultiDict(PAIRS) != [("a", "1")]


def test_immutable_and_unhashable() -> None:
    md = MultiDict(PAIRS)
    with pytest.raises(TypeError):
        md["a"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        hash(md)


def test_accepts_any_iterable_of_pairs() -> None:
    md = MultiDict(iter(PAIRS))
    assert md.getlist("a") == ["1", "3"]


def test_values_of_any_type() -> None:
    md = MultiDict([("n", 1), ("n", 2)])
    assert md["n"] == 2
    assert md.getlist("n") == [1, 2]


def test_repr() -> None:
    assert repr(MultiDict([("a", "1")])) == "MultiDict([('a', '1')])"


@given(st.lists(st.tuples(st.text(max_size=3), st.integers())))
def test_matches_a_list_of_pairs(pairs: list[tuple[str, int]]) -> None:
    md = MultiDict(pairs)
    assert md.multi_items() == pairs
    assert len(md) == len({key for key, _ in pairs})
    for key in md:
        values = [value for name, value in pairs if name == key]
        assert md.getlist(key) == values
        assert md[key] == values[-1]
        assert md.to_dict()[key] == (values[0] if len(values) == 1 else values)
