"""The code of each tutorial step, stored as what the step changes.

``docs/examples/tutorial/stepN/`` holds only the files step N adds or changes, each as it
is at the end of that step, plus ``REMOVED.txt`` (one path a line) if the step deletes
files. The whole code of a step is the steps before it laid over one another: see
:func:`step_tree`.

Step 1 is the one-file app; step 2 starts the ``corner`` project next to it with
``trestle startproject``, and the project never uses the app's files. So the project's
steps build on step 2 only: the code of step 5 is steps 2 to 5, and step 1 stands alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STEPS = ROOT / "docs" / "examples" / "tutorial"

#: The file of a step folder that lists what the step deletes, relative to the step's root.
REMOVED = "REMOVED.txt"
#: Steps whose code starts from nothing rather than from the step before.
FRESH_STARTS = (1, 2)


def step_dir(step: int, steps: Path = STEPS) -> Path:
    """The folder of what ``step`` adds or changes."""
    return steps / f"step{step}"


def first_step(step: int) -> int:
    """The step that ``step``'s code builds on: the last fresh start up to it."""
    return max(start for start in FRESH_STARTS if start <= step)


def removed(step: int, steps: Path = STEPS) -> list[str]:
    """The paths ``step`` deletes, from its ``REMOVED.txt`` (none without one)."""
    manifest = step_dir(step, steps) / REMOVED
    if not manifest.is_file():
        return []
    return [line.strip() for line in manifest.read_text().splitlines() if line.strip()]


def step_tree(step: int, steps: Path = STEPS) -> dict[str, Path]:
    """The whole code of ``step``: each path (posix, from the step's root) to the file with
    its text at that step, the newest of the step folders that hold it."""
    if step < 1 or not step_dir(step, steps).is_dir():
        raise ValueError(f"there is no tutorial step {step}")
    tree: dict[str, Path] = {}
    for layer in range(first_step(step), step + 1):
        folder = step_dir(layer, steps)
        for path in removed(layer, steps):
            if tree.pop(path, None) is None:
                raise ValueError(f"{folder / REMOVED} removes {path}, which step {layer - 1} lacks")
        for file in sorted(folder.rglob("*")):
            relative = file.relative_to(folder).as_posix()
            if file.is_file() and relative != REMOVED and "__pycache__" not in file.parts:
                tree[relative] = file
    return dict(sorted(tree.items()))


def step_file(step: int, path: str) -> Path | None:
    """The file holding ``path`` as it is at the end of ``step``; None if the step lacks it."""
    return step_tree(step).get(path)


def materialize(step: int, destination: Path, steps: Path = STEPS) -> list[Path]:
    """Write the whole code of ``step`` under ``destination``; return the files written.

    The destination must be empty or not exist yet: nothing of a reader's is overwritten.
    """
    if destination.exists() and any(destination.iterdir()):
        raise FileExistsError(f"{destination} is not empty")
    written = []
    for relative, source in step_tree(step, steps).items():
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)  # the mode too: manage.py is executable
        written.append(target)
    return written
