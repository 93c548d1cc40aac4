"""The change list: columns (callables too), sorting, search, filters, pages, the row count,
a bounded number of queries, and a 400 for every parameter it cannot use."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from tests.admin.conftest import Author, Book, Project, Status

from trestle.db import assert_num_queries, count_queries

LIST = "/admin/bookshop/book/"


def titles(page: Any) -> list[str]:
    """The linked titles of the rows, in order."""
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', page.text)


def test_columns_show_fields_relations_choices_booleans_and_callables(
    project: Project, staff_client: Any
) -> None:
    project.shop(1)
    page = staff_client(superuser=True).get(LIST)
    assert page.status_code == 200
    for header in ("Title", "Author", "Status", "In print", "Released", "Price", "Loud title"):
        assert f">{header}<" in page.text
    assert "Ada Lovelace" in page.text  # the related row, by name
    assert "Published" in page.text  # an Enum member by its label
    assert '<span class="visually-hidden">Yes</span>' in page.text  # a boolean, not by colour
    assert "2020-01-01" in page.text and "9.99" in page.text
    assert "BOOK 000" in page.text  # the @admin.display method
    assert titles(page) == ["Book 000"]


def test_the_row_count_and_pages(project: Project, staff_client: Any) -> None:
    project.shop(45)
    client = staff_client(superuser=True)
    first = client.get(LIST)
    assert "<strong>45</strong> books" in first.text and "page 1 of 3" in first.text
    assert titles(first)[:2] == ["Book 044", "Book 043"]  # newest first by default
    assert len(titles(first)) == 20
    last = client.get(LIST + "?page=3")
    assert titles(last) == ["Book 004", "Book 003", "Book 002", "Book 001", "Book 000"]
    assert 'rel="prev"' in last.text and 'rel="next"' not in last.text
    assert client.get(LIST + "?page=4").status_code == 404


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?o=title", ["Book 000", "Book 001", "Book 002", "Book 003"]),
        ("?o=-title", ["Book 003", "Book 002", "Book 001", "Book 000"]),
        ("?o=shout", ["Book 000", "Book 001", "Book 002", "Book 003"]),  # display(ordering=)
        ("?o=author", ["Book 002", "Book 000", "Book 003", "Book 001"]),  # by key, then id
    ],
)
def test_sorting_by_a_column(
    project: Project, staff_client: Any, query: str, expected: list[str]
) -> None:
    project.shop(4)
    page = staff_client(superuser=True).get(LIST + query)
    assert titles(page) == expected
    if query == "?o=title":
        assert '<th scope="col" aria-sort="ascending" class="column-title">' in page.text
        assert 'href="?o=-title"' in page.text  # clicking again reverses


def test_search_matches_every_word_in_any_field(project: Project, staff_client: Any) -> None:
    project.shop(12)
    client = staff_client(superuser=True)
    assert titles(client.get(LIST + "?q=book+011")) == ["Book 011"]
    by_author = titles(client.get(LIST + "?q=grace&o=title"))  # author__name, through EXISTS
    assert by_author == [f"Book {n:03d}" for n in range(1, 12, 2)]
    found = client.get(LIST + "?q=%22book+00%22+hopper&o=title")  # a quoted phrase
    assert titles(found) == ["Book 001", "Book 003", "Book 005", "Book 007", "Book 009"]
    assert "<strong>5</strong> of 12 books" in found.text
    assert "No books match." in client.get(LIST + "?q=nothing").text
    assert titles(client.get(LIST + "?q=100%25")) == []  # % is a character, not a wildcard


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?in_print=1", ["Book 000", "Book 002", "Book 004"]),
        ("?in_print=0", ["Book 001", "Book 003", "Book 005"]),
        ("?status=published", ["Book 000", "Book 003"]),
        ("?author_id={grace}", ["Book 001", "Book 003", "Book 005"]),
        (
            "?released__gte=2020-03-01&released__lte=2020-05-29",
            ["Book 002", "Book 003", "Book 004"],
        ),
        ("?released__isnull=1", []),
        ("?in_print=1&status=published&author_id={ada}", ["Book 000"]),
    ],
)
def test_filters(project: Project, staff_client: Any, query: str, expected: list[str]) -> None:
    ids = project.shop(6)
    page = staff_client(superuser=True).get(LIST + query.format(**ids) + "&o=title")
    assert page.status_code == 200
    assert titles(page) == expected


def test_the_filter_side_bar(project: Project, staff_client: Any) -> None:
    ids = project.shop(3)
    page = staff_client(superuser=True).get(LIST + f"?author_id={ids['ada']}&q=book")
    text = page.text
    for title in ("By in print", "By status", "By author", "By released", "By added"):
        assert title in text
    # The chosen author is marked; its links keep the search and drop the page.
    assert f'<a href="?q=book&amp;author_id={ids["ada"]}" aria-current="true"' in text
    assert f'<a href="?q=book&amp;author_id={ids["grace"]}">Grace Hopper</a>' in text
    assert f'<a href="?author_id={ids["ada"]}&amp;q=book&amp;status=draft">Draft</a>' in text
    assert "Past 7 days" in text and "This year" in text


def test_date_presets_cover_today(project: Project, staff_client: Any) -> None:
    project.shop(2)  # "added" is now
    client = staff_client(superuser=True)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    page = client.get(LIST + f"?added__gte={today}&added__lte={today}")
    assert len(titles(page)) == 2
    yesterday = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
    assert titles(client.get(LIST + f"?added__lte={yesterday}")) == []


def test_a_foreign_key_filter_over_many_rows_takes_a_key(
    project: Project, staff_client: Any
) -> None:
    from trestle.admin import site

    ids = project.shop(1)
    project.add(*[Author(name=f"Writer {n}") for n in range(110)])
    client = staff_client(superuser=True)
    page = client.get(LIST)
    assert "Writer 5<" not in page.text  # not listed: too many
    assert 'name="author_id"' in page.text and 'inputmode="numeric"' in page.text
    chosen = client.get(LIST + f"?author_id={ids['ada']}")
    assert titles(chosen) == ["Book 000"] and "Ada Lovelace" in chosen.text
    assert site.model_admin_for(Book).filters[2].limit == 100


@pytest.mark.parametrize(
    "query",
    [
        "?in_print=yes",
        "?status=lost",
        "?author_id=abc",
        "?author_id=99999999999999999999999",
        "?released__gte=2020-13-01",
        "?released__lte=yesterday",
        "?released__isnull=maybe",
        "?o=blurb",
        "?o=-nothing",
        "?page=0",
        "?page=two",
        "?q=a&q=b",
    ],
)
def test_bad_parameters_are_a_clear_400(project: Project, staff_client: Any, query: str) -> None:
    project.shop(1)
    answer = staff_client(superuser=True).get(LIST + query)
    assert answer.status_code == 400
    assert "Traceback" not in answer.text


def test_unknown_parameters_are_ignored(project: Project, staff_client: Any) -> None:
    project.shop(2)
    assert len(titles(staff_client(superuser=True).get(LIST + "?utm_source=mail"))) == 2


def test_an_empty_list(project: Project, staff_client: Any) -> None:
    page = staff_client(superuser=True).get(LIST)
    assert "There are no books yet." in page.text and "Add the first one" in page.text


def _queries(project: Project, client: Any, url: str) -> int:
    with count_queries(project.db) as log:
        assert client.get(url).status_code == 200
    return log.count


def test_queries_per_page_do_not_grow_with_the_rows(project: Project, staff_client: Any) -> None:
    project.shop(3)
    client = staff_client(superuser=True)
    few = _queries(project, client, LIST)
    project.add(*[Book(title=f"More {n}", author_id=1 + n % 2) for n in range(40)])
    assert _queries(project, client, LIST) == few
    # The user, the count, the rows (authors joined in), the author filter's rows.
    with assert_num_queries(project.db, 4):
        client.get(LIST)
    # Filtered: one more count, for "n of N".
    with assert_num_queries(project.db, 5):
        client.get(LIST + "?in_print=1&q=more")


def test_a_staff_users_permissions_are_one_query(project: Project, staff_client: Any) -> None:
    project.shop(30)
    client = staff_client(perms=["bookshop.view_book", "bookshop.delete_book"])
    with assert_num_queries(project.db, 5):
        page = client.get(LIST)
    assert 'value="delete_selected"' in page.text
    assert 'value="mark_out_of_print"' not in page.text  # needs "change"


def test_the_dashboard_and_app_page_list_only_what_the_user_may_see(
    project: Project, staff_client: Any
) -> None:
    client = staff_client(perms=["bookshop.view_book", "bookshop.add_tag"])
    home = client.get("/admin/")
    assert home.status_code == 200
    assert ">Books<" in home.text and ">Tags<" in home.text
    assert ">Authors<" not in home.text and ">Sales<" not in home.text
    assert 'href="/admin/bookshop/tag/add/"' in home.text
    assert 'href="/admin/bookshop/book/add/"' not in home.text
    app_page = client.get("/admin/bookshop/")
    assert ">Books<" in app_page.text and ">Authors<" not in app_page.text
    nothing = staff_client()
    assert "You may not see or change anything here yet" in nothing.get("/admin/").text
    assert nothing.get("/admin/bookshop/").status_code == 403


def test_status_enum_members_are_filtered_by_value(project: Project, staff_client: Any) -> None:
    project.add(Author(name="Solo"))
    project.add(Book(title="Old", author_id=1, status=Status.ARCHIVED))
    page = staff_client(superuser=True).get(LIST + "?status=archived")
    assert titles(page) == ["Old"]


def test_a_relation_to_many_rows_is_one_more_query(project: Project, staff_client: Any) -> None:
    from trestle.admin import AdminSite, ModelAdmin

    ids = project.shop(3)
    site = AdminSite()
    site.register(Book, type("TagsAdmin", (ModelAdmin,), {"list_display": ("title", "tags")}))
    project.app.extensions["admin"] = site  # this app's admin, for this test only
    client = staff_client(superuser=True)
    with assert_num_queries(project.db, 4):  # the user, the count, the rows, their tags
        page = client.get(LIST + "?o=title")
    assert titles(page) == ["Book 000", "Book 001", "Book 002"]
    assert "<td>maths</td>" in page.text and f'value="{ids["books"][0]}"' in page.text
