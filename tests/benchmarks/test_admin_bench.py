"""The admin benchmark's Trestle side answers what the benchmark checks (Django's side runs
only in the benchmark: its settings are process-wide)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.admin_bench import AUTHORS, CASES, PER_PAGE, call, check, rows


def test_the_trestle_admin_answers_every_case(tmp_path: Path) -> None:
    from benchmarks.admin_trestle import make_app

    app, cookie = make_app(tmp_path, rows()[:5000], AUTHORS)
    firsts = []
    for case in CASES:
        status, body = call(app, "/admin/benchadmin/bench_book/", case.trestle, cookie)
        firsts.append(check(case.name, status, body, b'name="_selected"'))
    assert firsts == [b"Book 04999", b"Book 04900", b"Book 04012"]
    assert PER_PAGE == 100
    app.extensions["db"].dispose()
