"""The tutorial (``docs/tutorial/``): every block is real code, and every step works as told.

Three kinds of tests:

- The step folders hold what each step changes (``docs/examples/tutorial/stepN/``), and
  laying them over one another gives the whole code of a step
  (:mod:`tests.docs.tutorial_steps`).
- The pages and the code agree, without running anything: each ``file``, ``edit`` and
  ``output`` block equals the step file it names (``python tests/docs/tutorial_pages.py
  --fix`` copies them in), every block has a marker, and every link leads somewhere.
- A reader follows the pages, in order, in one folder (:class:`~tests.docs.tutorial_reader.
  Reader`): from ``trestle startproject`` on, every command runs in a subprocess as typed,
  its output is compared with the page, servers are started and their pages opened in
  Chromium. After each page the reader's folder must hold exactly the whole code of that
  step (the commands' own files too: what startproject,
  startapp and makemigrations write), so the step trees cannot drift from the pages, and
  the migrations of the step must match its models.

Everything the reader runs happens in subprocesses: the tutorial's models never enter this
process (one SQLAlchemy registry per process).
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.docs.tutorial_pages import (
    FILE_MARKERS,
    MARKERS,
    PAGES,
    ROOT,
    Block,
    apply_edit,
    blocks,
    expected_text,
    step_pages,
)
from tests.docs.tutorial_reader import (
    COMMAND_TIMEOUT,
    Reader,
    commands,
    is_ignored,
    matches,
    normalize,
    normalize_file,
    shows_in_order,
    step_files,
)
from tests.docs.tutorial_steps import (
    FRESH_STARTS,
    REMOVED,
    first_step,
    materialize,
    removed,
    step_dir,
    step_tree,
)

#: The database URL the deployment page makes up; the test puts a real one in its place.
PAGE_DATABASE_URL = "postgresql://corner:secret@localhost/corner"
LAST_STEP = 9


def all_pages() -> list[Path]:
    return sorted(PAGES.glob("*.md"))


# -- the pages and the code agree -------------------------------------------------------------


def test_there_is_a_page_and_a_tree_for_every_step() -> None:
    assert list(step_pages()) == list(range(1, LAST_STEP + 1))
    for step in step_pages():
        assert step_dir(step).is_dir(), f"no {step_dir(step)}"
        assert step_tree(step), f"step {step} has no code"


# -- the step folders hold what changes ---------------------------------------------------------


@pytest.mark.parametrize("step", [step for step in step_pages() if step not in FRESH_STARTS])
def test_a_step_folder_holds_only_what_the_step_changes(step: int) -> None:
    before = step_tree(step - 1)
    folder = step_dir(step)
    for file in sorted(folder.rglob("*")):
        name = file.relative_to(folder).as_posix()
        if not file.is_file() or name == REMOVED:
            continue
        assert name not in before or before[name].read_bytes() != file.read_bytes(), (
            f"{file.relative_to(ROOT)} is the same as at step {step - 1}: delete it"
        )
    for name in removed(step):
        assert not (folder / name).exists(), f"step {step} both removes and writes {name}"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_a_step_is_the_steps_before_it_laid_over_one_another(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "step1/app.py": "one file\n",
            "step2/p/a.py": "a2\n",
            "step2/p/b.py": "b2\n",
            "step3/p/a.py": "a3\n",
            "step3/p/c.py": "c3\n",
            "step4/REMOVED.txt": "p/b.py\n\n",
            "step4/p/d.py": "d4\n",
        },
    )

    def texts(step: int) -> dict[str, str]:
        return {name: path.read_text() for name, path in step_tree(step, tmp_path).items()}

    assert texts(1) == {"app.py": "one file\n"}
    assert texts(2) == {"p/a.py": "a2\n", "p/b.py": "b2\n"}  # a fresh start: no app.py
    assert texts(3) == {"p/a.py": "a3\n", "p/b.py": "b2\n", "p/c.py": "c3\n"}
    assert texts(4) == {"p/a.py": "a3\n", "p/c.py": "c3\n", "p/d.py": "d4\n"}
    assert [first_step(step) for step in (1, 2, 3, 9)] == [1, 2, 2, 2]
    with pytest.raises(ValueError, match="no tutorial step 5"):
        step_tree(5, tmp_path)
    (tmp_path / "step4" / "REMOVED.txt").write_text("p/nothing.py\n")
    with pytest.raises(ValueError, match=r"removes p/nothing\.py, which step 3 lacks"):
        step_tree(4, tmp_path)


def test_materialize_writes_the_whole_code_of_a_step(tmp_path: Path) -> None:
    written = materialize(LAST_STEP, tmp_path / "tutorial")
    tree = step_tree(LAST_STEP)
    assert sorted(path.relative_to(tmp_path / "tutorial").as_posix() for path in written) == list(
        tree
    )
    for name, source in tree.items():
        assert (tmp_path / "tutorial" / name).read_bytes() == source.read_bytes(), name
    assert os.access(tmp_path / "tutorial" / "corner" / "manage.py", os.X_OK)
    with pytest.raises(FileExistsError, match="is not empty"):
        materialize(1, tmp_path / "tutorial")


def test_the_command_line_materializes_a_step(tmp_path: Path) -> None:
    command = [sys.executable, str(ROOT / "tests" / "docs" / "tutorial_pages.py"), "--materialize"]
    done = subprocess.run(
        [*command, "3", str(tmp_path / "three")], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert f"wrote the code of step 3 ({len(step_tree(3))} files)" in done.stdout
    assert step_files(tmp_path / "three") == {
        name: normalize_file(path.read_text())
        for name, path in step_tree(3).items()
        if not is_ignored(name)
    }
    refused = subprocess.run([*command, "99", str(tmp_path / "x")], capture_output=True, text=True)
    assert refused.returncode == 1
    assert "error: there is no tutorial step 99" in refused.stderr


@pytest.mark.parametrize("page", all_pages(), ids=lambda page: page.name)
def test_every_block_has_a_marker_and_shows_its_file(page: Path) -> None:
    step = int(page.name[:2]) if page.name[0].isdigit() else None
    for block in blocks(page):
        assert block.kind in ("", *MARKERS), f"{block.where}: unknown marker {block.kind!r}"
        if step is None:  # the introduction runs nothing
            assert block.kind == "not run", f"{block.where}: the introduction only shows"
            continue
        if block.kind in FILE_MARKERS:
            assert block.step == step, f"{block.where}: a page shows files of its own step"
            assert block.step_file is not None, (
                f"{block.where}: step {step}'s code has no {block.target}"
            )
            assert block.text == expected_text(block), (
                f"{block.where}: the block differs from {block.argument}; run "
                "`.venv/bin/python tests/docs/tutorial_pages.py --fix`"
            )
        elif block.kind in ("page", "submit", "layout"):
            assert block.lang == "text", f"{block.where}: a {block.kind} block is ```text"
        else:
            assert block.lang == "console", (
                f"{block.where}: a ```{block.lang} block needs a marker saying what it is"
            )
            commands(block)  # parses


@pytest.mark.parametrize("step", list(step_pages()))
def test_every_step_page_runs_the_tests_it_teaches(step: int) -> None:
    typed = [
        command.text
        for block in blocks(step_pages()[step])
        if block.lang == "console" and block.kind != "not run"
        for command in commands(block)
    ]
    assert "pytest" in typed, f"step {step}'s page never runs the reader's tests"


def _anchors(page: Path) -> set[str]:
    headings = re.findall(r"^#+ (.+)$", page.read_text(), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("page", all_pages(), ids=lambda page: page.name)
def test_links_lead_to_pages_headings_and_files_that_exist(page: Path) -> None:
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)
    for target, anchor in re.findall(r"\]\(((?:\.\./|\./)?[\w./-]*?)(?:#([\w-]+))?\)", text):
        linked = (page.parent / target).resolve() if target else page
        assert linked.exists(), f"{page.name} links to a missing {target}"
        if anchor:
            assert anchor in _anchors(linked), f"{page.name} links to a missing {target}#{anchor}"


# -- the reader's comparisons: what they accept and what they refuse ----------------------------


def test_output_matches_line_by_line_with_wildcards() -> None:
    printed = normalize("Serving shop:app from /tmp/x. Press Ctrl-C.\na\nb\n5 passed in 0.41s")
    page = ["Serving shop:app from ... Press Ctrl-C.", "...", "5 passed in 9.99s"]
    assert matches(normalize("\n".join(page)), printed)
    page[-1] = "6 passed in 0.41s"
    assert not matches(normalize("\n".join(page)), printed)
    assert not matches(["a"], ["a", "b"])  # nothing left over...
    assert matches(["a"], ["a", "b"], beginning=True)  # ...except for a server, still talking
    assert not matches(["...."], ["anything"])  # four dots are dots, not a wildcard


def test_normalize_blanks_what_changes_between_runs() -> None:
    line = "2026-11-21 09:17:28 INFO GET / 200 16.5 ms ae8ee063dd8c4ca5b6691b332bb81418"
    assert normalize(line) == ["<when> INFO GET / 200 <n>ms <id>"]
    assert normalize("at http://127.0.0.1:43121/  ", port=43121) == ["at http://127.0.0.1:8000/"]
    assert normalize("x   [100%]\n\n") == ["x [100%]"]


def test_a_page_shows_lines_in_order() -> None:
    shown = ["Skip to the content", "Plum jam", "£3.75 Only 8 left", "Back to the shop"]
    assert shows_in_order(["Plum jam", "£3.75 Only ... left"], shown)
    assert not shows_in_order(["£3.75 Only 8 left", "Plum jam"], shown)
    assert not shows_in_order(["Plum jam", "Sold out"], shown)


def test_an_edit_replaces_statements_by_name() -> None:
    source = '# The apps.\nAPPS = [\n    "a",\n]\n\n\ndef f() -> int:\n    return 1\n'
    fragment = 'APPS = [\n    "a",\n    "b",\n]\n\n\ndef g() -> int:\n    return 2\n'
    assert apply_edit(source, fragment) == (
        '# The apps.\nAPPS = [\n    "a",\n    "b",\n]\n\n\ndef f() -> int:\n    return 1\n'
        "\n\ndef g() -> int:\n    return 2\n"
    )
    with pytest.raises(ValueError, match="only named top-level statements"):
        apply_edit(source, "print('where does this go?')\n")
    with pytest.raises(ValueError, match="the edit of APPS drops"):
        apply_edit(source, 'APPS = [\n    "b",\n]\n')


def test_commands_join_continued_lines() -> None:
    block = Block(PAGES / "x.md", 1, "console", "$ curl \\\n    -d '{}' url\n{}\n$ ls\n")
    typed = commands(block)
    assert [(command.text, command.expected) for command in typed] == [
        ("curl -d '{}' url", ["{}"]),
        ("ls", []),
    ]
    assert not typed[0].starts_server


def test_a_layout_must_be_what_is_on_disk(tmp_path: Path) -> None:
    (tmp_path / "corner" / "store").mkdir(parents=True)
    (tmp_path / "corner" / "manage.py").write_text("")
    (tmp_path / "corner" / "store" / "views.py").write_text("")
    reader = Reader(tmp_path, tmp_path, lambda: None)
    tree = "corner/\n  manage.py   the command line\n  store/\n    views.py\n"
    reader.check_layout(Block(PAGES / "x.md", 1, "text", tree, "layout"))
    (tmp_path / "corner" / "store" / "models.py").write_text("")
    with pytest.raises(AssertionError, match=r"misses \['corner/store/models.py'\]"):
        reader.check_layout(Block(PAGES / "x.md", 1, "text", tree, "layout"))


# -- a reader follows the pages ---------------------------------------------------------------


class Tour:
    """The reader's progress through the pages; each page is read once, in order."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.read: dict[int, str] = {}  # step -> "" once read, or why it failed

    def reach(self, step: int) -> None:
        """Read every page up to ``step``'s (those not read yet)."""
        for earlier in range(1, step + 1):
            if earlier not in self.read:
                try:
                    self.reader.read(step_pages()[earlier])
                except BaseException as error:
                    self.read[earlier] = str(error)
                    raise
                self.read[earlier] = ""
            if self.read[earlier]:
                pytest.fail(f"the reader is stuck at step {earlier}: {self.read[earlier]}")

    def check_code(self, step: int) -> None:
        """The reader's folder holds exactly the code of ``step``.

        Only what the step's code is made of is compared (``corner/`` from step 2 on): the
        one-file app of step 1 stays in the reader's folder but is not the project's.
        """
        tree = step_tree(step)
        expected = {
            name: normalize_file(path.read_text())
            for name, path in tree.items()
            if not is_ignored(name)
        }
        actual: dict[str, str] = {}
        for entry in sorted({name.split("/")[0] for name in tree}):
            actual.update(_files(self.reader.home / entry))
        assert sorted(actual) == sorted(expected), (
            f"after step {step}, the reader has {sorted(set(actual) - set(expected))} "
            f"that step {step}'s code lacks, and lacks {sorted(set(expected) - set(actual))}"
        )
        for name, text in expected.items():
            assert actual[name] == text, (
                f"after step {step}, {name} differs from the step's code:\n"
                + "".join(
                    difflib.unified_diff(
                        text.splitlines(keepends=True),
                        actual[name].splitlines(keepends=True),
                        str(tree[name].relative_to(ROOT)),
                        f"the reader's {name}",
                    )
                )
            )

    def check_migrations(self) -> None:
        """The migrations in the reader's project are those of its models."""
        result = subprocess.run(
            ["bash", "-c", "python manage.py makemigrations --check"],
            cwd=self.reader.home / "corner",
            env=self.reader.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No changes detected." in result.stdout


def models_changed(step: int) -> bool:
    """Whether the step's project has models the step before had not (or has none)."""
    models = step_tree(step).get("corner/store/models.py")
    if models is None:
        return False
    before = step_tree(step - 1).get("corner/store/models.py") if step > 1 else None
    return before is None or models.read_text() != before.read_text()


def _files(path: Path) -> dict[str, str]:
    """The code under ``path`` (a file, a folder or nothing), by path from the home folder."""
    if path.is_file():
        return {path.name: normalize_file(path.read_text())}
    return {f"{path.name}/{name}": text for name, text in step_files(path).items()}


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Tour]:
    """One reader, one tutorial folder, for every step of this module."""
    home = tmp_path_factory.mktemp("tutorial")
    logs = tmp_path_factory.mktemp("tutorial-logs")
    reader = Reader(home, logs, lambda: browser)
    yield Tour(reader)
    reader.stop_server()


@pytest.mark.serving
@pytest.mark.parametrize("step", range(1, LAST_STEP))
def test_a_reader_follows_the_step(tour: Tour, step: int) -> None:
    tour.reach(step)
    tour.check_code(step)
    if models_changed(step):
        tour.check_migrations()


@pytest.fixture
def deployment_database(postgres_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for the deployment step, dropped afterwards."""
    import psycopg

    name = f"tutorial_corner_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.serving
def test_a_reader_deploys_on_postgresql(tour: Tour, deployment_database: str) -> None:
    tour.reader.substitutions[PAGE_DATABASE_URL] = deployment_database
    tour.reach(LAST_STEP)
    tour.check_code(LAST_STEP)
    tour.check_migrations()
