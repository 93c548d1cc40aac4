"""The tutorial's pages as data: their blocks, and the step files each block shows.

The tutorial (``docs/tutorial/``) builds one project a page at a time. The finished code of
step N is real code: ``docs/examples/tutorial/stepN/`` holds what step N adds or changes, and
:func:`~tests.docs.tutorial_steps.step_tree` lays the steps over one another to give the
whole tree. Every fenced block on a step page sits under a marker that says what it is::

    <!-- file: docs/examples/tutorial/step3/corner/store/models.py -->
        (the file as it is at the end of step 3, whichever step folder stores it)
        the whole file, as the reader types it (the reader writes it)
    <!-- edit: docs/examples/tutorial/step2/corner/corner/settings.py -->
        top-level statements (assignments, functions, classes) that replace the statements
        of the same name in that file, keeping all their lines, or are added at its end
    <!-- output: docs/examples/tutorial/step3/corner/store/migrations/0001_initial.py -->
        a file that a command wrote (the reader only reads it)
    <!-- page: /items/assam-tea -->
        a ```text block: what a browser shows at that address of the running server
    <!-- submit: /items/plum-jam/ | Your name=Ada | 5: excellent | [Send my review] -->
        a ```text block: what the browser shows after filling in the form at that address
        (``label=text`` fills a field, a bare label ticks a box) and pressing the button
    <!-- layout -->
        a ```text tree of folders and files, which must be what is on disk at that point
    <!-- input: ada | ada@example.com -->
        what the reader types at the prompts of the ```console block below
    <!-- not run: why -->
        a ```console block the tests do not run (installing Trestle, Docker)

A ```console block without a marker is run by the tests: ``$ command`` lines, each followed
by the output expected. ``python tests/docs/tutorial_pages.py --fix`` copies the step files
into the ``file``, ``edit`` and ``output`` blocks after an example changed;
``python tests/docs/tutorial_pages.py --materialize 5 /tmp/tutorial`` writes the whole code of
step 5 into ``/tmp/tutorial`` (``/tmp/tutorial/corner/``), for a reader who starts there.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

try:
    from tests.docs.tutorial_steps import ROOT, materialize, step_file
except ModuleNotFoundError:  # run as a script: the repository is not on the path, this folder is
    from tutorial_steps import ROOT, materialize, step_file

PAGES = ROOT / "docs" / "tutorial"

#: Markers that name a step file, and those that take any argument.
FILE_MARKERS = ("file", "edit", "output")
MARKERS = (*FILE_MARKERS, "page", "submit", "layout", "input", "not run")

_MARKER = re.compile(r"^<!-- (?P<kind>[a-z ]+?)(?:: (?P<argument>.*?))? -->$")
_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w+-]*)$")
_STEP_PATH = re.compile(r"^docs/examples/tutorial/step(?P<step>\d+)/(?P<path>.+)$")


@dataclass(frozen=True)
class Block:
    """One fenced block of a page, with the marker above it (if any)."""

    page: Path
    line: int  # of the opening fence, counting from 1
    lang: str
    text: str
    kind: str = ""  # the marker's kind; "" for none
    argument: str = ""
    indent: str = ""  # of a block inside a list item

    @property
    def where(self) -> str:
        """``docs/tutorial/03-models.md:42``, for messages."""
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def step_file(self) -> Path | None:
        """The file holding what a ``file``, ``edit`` or ``output`` block shows, as it is at
        the end of the block's step (stored in that step's folder or an earlier one's)."""
        return step_file(self.step, self.target)

    @property
    def target(self) -> str:
        """Where the reader has that file, relative to their home folder."""
        match = _STEP_PATH.match(self.argument)
        assert match is not None, f"{self.where}: {self.argument} is not a step file"
        return match.group("path")

    @property
    def step(self) -> int:
        """The step whose tree holds the file this block shows."""
        match = _STEP_PATH.match(self.argument)
        assert match is not None, f"{self.where}: {self.argument} is not a step file"
        return int(match.group("step"))


def step_pages() -> dict[int, Path]:
    """The pages that build the project, by step: ``01-one-file-app.md`` is step 1."""
    pages = {}
    for page in sorted(PAGES.glob("[0-9][0-9]-*.md")):
        pages[int(page.name[:2])] = page
    return pages


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of a page, in order, with their markers (a block may be indented)."""
    lines = page.read_text().splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        fence = _FENCE.match(lines[index])
        if fence is None:
            index += 1
            continue
        start, indent = index, fence.group("indent")
        end = start + 1
        while end < len(lines) and lines[end] != indent + "```":
            end += 1
        if end == len(lines):
            raise ValueError(f"{page}:{start + 1}: a fenced block is not closed")
        kind = argument = ""
        above = start - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        marker = _MARKER.match(lines[above].strip()) if above >= 0 else None
        if marker is not None:
            kind, argument = marker.group("kind"), marker.group("argument") or ""
        text = "".join(line.removeprefix(indent) + "\n" for line in lines[start + 1 : end])
        found.append(Block(page, start + 1, fence.group("lang"), text, kind, argument, indent))
        index = end + 1
    return found


# -- edits: top-level statements by name ----------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    """A named top-level statement: its decorators and the comment lines right above it."""

    name: str
    start: int  # index of its first line, comments included
    first: int  # index of its first line of code (a decorator, or the statement)
    last: int  # index of its last line, inclusive
    is_definition: bool  # a function or a class (two blank lines around it)

    def text(self, lines: list[str], *, comments: bool) -> str:
        """Its lines, with or without the comments above it."""
        return "".join(lines[self.start if comments else self.first : self.last + 1])

    @property
    def has_comments(self) -> bool:
        return self.start < self.first


def chunks(source: str) -> list[Chunk]:
    """The named top-level statements of a module: assignments, functions, classes."""
    lines = source.splitlines(keepends=True)
    found = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            name = target.id if isinstance(target, ast.Name) else ""
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name = node.target.id
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = node.name
        else:
            continue
        if not name:
            continue
        decorators = getattr(node, "decorator_list", [])
        first = min([node.lineno, *(d.lineno for d in decorators)]) - 1
        start = first
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        last = (node.end_lineno or node.lineno) - 1
        definition = not isinstance(node, (ast.Assign, ast.AnnAssign))
        found.append(Chunk(name, start, first, last, definition))
    return found


def apply_edit(source: str, fragment: str) -> str:
    """``source`` with the statements of ``fragment`` put in place of those of the same name.

    A statement whose name ``source`` lacks is added at its end. Comments above a statement
    of the fragment replace those above the statement it replaces; without any, the file's
    stay. An edit only adds: a statement that would lose a line of the file's is refused,
    and so is anything in the fragment that is not a named statement (an edit must say
    where each of its lines goes).
    """
    fragment_lines = fragment.splitlines(keepends=True)
    pieces = chunks(fragment)
    covered = sum(piece.last - piece.start + 1 for piece in pieces)
    if covered < len([line for line in fragment_lines if line.strip()]):
        raise ValueError("an edit holds only named top-level statements (and their comments)")
    lines = source.splitlines(keepends=True)
    for piece in pieces:
        replacement = piece.text(fragment_lines, comments=True).splitlines(keepends=True)
        current = {chunk.name: chunk for chunk in chunks("".join(lines))}
        if piece.name in current:
            old = current[piece.name]
            start = old.start if piece.has_comments else old.first
            lost = [line for line in lines[start : old.last + 1] if line not in replacement]
            if lost:
                # The page shows the whole statement, so a line it lost would be a change
                # the reader is never told about (or one startproject made since).
                raise ValueError(f"the edit of {piece.name} drops {''.join(lost)!r}")
            lines[start : old.last + 1] = replacement
        else:
            # Two blank lines next to a function or a class, one between assignments.
            last = chunks("".join(lines))[-1:]
            apart = piece.is_definition or any(chunk.is_definition for chunk in last)
            lines += [*(["\n", "\n"] if apart else ["\n"]), *replacement]
    return "".join(lines)


def edit_from(source: str, fragment: str) -> str:
    """The fragment's statements as ``source`` has them now (for ``--fix``)."""
    source_lines = source.splitlines(keepends=True)
    current = {chunk.name: chunk for chunk in chunks(source)}
    lines = fragment.splitlines(keepends=True)
    for piece in reversed(chunks(fragment)):
        if piece.name in current:
            comments = piece.has_comments
            text = current[piece.name].text(source_lines, comments=comments)
            start = piece.start if comments else piece.first
            lines[start : piece.last + 1] = text.splitlines(keepends=True)
    return "".join(lines)


# -- keeping the pages in step with the files ------------------------------------------------


def expected_text(block: Block) -> str:
    """What a ``file``, ``edit`` or ``output`` block must hold, from its step file."""
    assert block.step_file is not None, f"{block.where}: step {block.step} has no {block.target}"
    source = block.step_file.read_text()
    if block.kind == "edit":
        return edit_from(source, block.text)
    return source


def fix_pages() -> list[Path]:
    """Copy the step files into the blocks that show them; return the pages changed."""
    changed = []
    for page in sorted(PAGES.glob("*.md")):
        text = page.read_text()
        lines = text.splitlines(keepends=True)
        for block in reversed(blocks(page)):
            if block.kind not in FILE_MARKERS or block.step_file is None:
                continue
            new = expected_text(block)
            start = block.line  # the index of the block's first line of text
            end = start + block.text.count("\n")
            lines[start:end] = [
                block.indent + line if line.strip() else line
                for line in new.splitlines(keepends=True)
            ]
        fixed = "".join(lines)
        if fixed != text:
            page.write_text(fixed)
            changed.append(page)
    return changed


USAGE = """usage: python tests/docs/tutorial_pages.py --fix
       python tests/docs/tutorial_pages.py --materialize STEP FOLDER

--fix          copy the step files into the pages' file, edit and output blocks
--materialize  write the whole code of the tutorial at the end of STEP into FOLDER
               (new or empty), e.g. `--materialize 5 /tmp/tutorial` gives /tmp/tutorial/corner/"""


def main(arguments: list[str]) -> str | None:
    """Run the command line; return an error message, or None."""
    if arguments == ["--fix"]:
        for page in fix_pages():
            print(f"updated {page.relative_to(ROOT)}")
        return None
    if len(arguments) == 3 and arguments[0] == "--materialize" and arguments[1].isdigit():
        destination = Path(arguments[2]).resolve()
        try:
            written = materialize(int(arguments[1]), destination)
        except (ValueError, FileExistsError) as error:
            return f"error: {error}"
        print(f"wrote the code of step {arguments[1]} ({len(written)} files) into {destination}")
        return None
    return USAGE


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
