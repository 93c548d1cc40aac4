"""A reader working through the tutorial, in code: a terminal, an editor and a browser.

:class:`Reader` reads a page from top to bottom and does what it says: it writes the files
the page shows, applies its edits, types its commands in a shell (in a pseudo-terminal when
the command asks questions), leaves the servers it starts running for the next commands,
and looks at pages in Chromium. Whatever the page says a command prints, or a browser
shows, is compared with what really came out; the first difference fails, naming the page
and line.

Output is compared line by line after :func:`normalize`, which blanks what differs from run
to run (durations, dates, request ids, process ids, the port) and collapses runs of spaces.
A line ``...`` in the page stands for any number of lines, and ``...`` inside a line for any
text. A server's output is compared as a beginning: servers keep printing.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import shlex
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from tests.docs.tutorial_pages import Block, apply_edit, blocks

#: Longest wait for one command, for a server to start, for a prompt.
COMMAND_TIMEOUT = 120.0
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
#: Files that running the project makes and that are never part of a step's code.
IGNORED = ("__pycache__", ".pytest_cache", "db.sqlite3*", "staticfiles", ".gitkeep")
#: The address every page uses for the development server.
PAGE_PORT = 8000

_WILDCARD = re.compile(r"(?<!\.)\\\.\\\.\\\.(?!\\\.)")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_VOLATILE = [
    (re.compile(r"\b\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?( [+-]\d{4})?"), "<when>"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "<id>"),
    (re.compile(r"\b\d+(\.\d+)? ?(ms|s)\b"), r"<n>\2"),
    (re.compile(r"PID: \d+"), "PID: <n>"),
    (re.compile(r"Python 3\.\d+\.\d+"), "Python 3.x"),
    (re.compile(r"={3,}"), "==="),
    (re.compile(r"[ \t]+"), " "),
]
_FILE_VOLATILE = [
    (re.compile(r'^SECRET_KEY = "trestle-insecure-[^"]+"$', re.M), 'SECRET_KEY = "<random>"'),
    (re.compile(r"^Made by `trestle makemigrations` on .*$", re.M), "Made by makemigrations."),
]


def normalize(text: str, port: int | None = None) -> list[str]:
    """The lines of ``text`` with what varies between runs blanked out."""
    text = _ANSI.sub("", text.replace("\r\n", "\n").replace("\r", ""))
    if port is not None and port != PAGE_PORT:
        text = text.replace(f":{port}", f":{PAGE_PORT}")
    lines = []
    for line in text.splitlines():
        for pattern, replacement in _VOLATILE:
            line = pattern.sub(replacement, line)
        lines.append(line.strip())
    while lines and not lines[-1]:
        lines.pop()
    return lines


def normalize_file(text: str) -> str:
    """A file's text with what is random in generated files blanked out."""
    for pattern, replacement in _FILE_VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def _line_pattern(line: str) -> str:
    return _WILDCARD.sub(".*", re.escape(line))


def matches(expected: list[str], actual: list[str], *, beginning: bool = False) -> bool:
    """Whether ``actual`` is what ``expected`` shows (``...`` lines match any lines)."""
    parts = [
        r"(?:[^\n]*\n)*?" if line == "..." else _line_pattern(line) + "\n" for line in expected
    ]
    pattern = "".join(parts) + (r"(?:[^\n]*\n)*" if beginning else "")
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def shows_in_order(expected: list[str], actual: list[str]) -> bool:
    """Whether each expected line is one of ``actual``'s lines, in this order."""
    position = 0
    for line in expected:
        pattern = re.compile(_line_pattern(line))
        while position < len(actual) and not pattern.fullmatch(actual[position]):
            position += 1
        if position == len(actual):
            return False
        position += 1
    return True


def is_ignored(relative: str) -> bool:
    """Whether a path (posix) is something running the project made, not code."""
    return any(fnmatch(part, pattern) for part in relative.split("/") for pattern in IGNORED)


def step_files(root: Path) -> dict[str, str]:
    """The files under ``root`` that make up the code, by path, their text normalized."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_dir() or is_ignored(relative):
            continue
        found[relative] = normalize_file(path.read_text())
    return found


def reader_env() -> dict[str, str]:
    """A reader's shell: this Python's virtual environment first on the PATH, no settings.

    The suite's own settings, services and pytest plugins are not the reader's: a reader's
    environment has Trestle installed and nothing else.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TRESTLE_", "PYTEST_", "COV_"))
        and key not in ("SECRET_KEY", "DATABASE_URL", "PYTHONPATH", "PORT", "WEB_CONCURRENCY")
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(
        PYTHONUNBUFFERED="1",
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
        COLUMNS="80",
        TERM="dumb",
        NO_COLOR="1",
    )
    return env


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Command:
    """One ``$`` line of a console block and the output the page shows under it."""

    text: str
    expected: list[str]

    @property
    def words(self) -> list[str]:
        return shlex.split(self.text)

    @property
    def starts_server(self) -> bool:
        words = self.words
        return "runserver" in words or "serve" in words


def commands(block: Block) -> list[Command]:
    """The commands of a console block, with continuation lines (``\\``) joined."""
    found: list[Command] = []
    lines = block.text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("$ "):
            if not found:
                raise AssertionError(f"{block.where}: a console block starts with `$ command`")
            found[-1].expected.append(line)
            index += 1
            continue
        text = line[2:]
        while text.endswith("\\"):
            index += 1
            text = text[:-1] + lines[index].strip()
        found.append(Command(text, []))
        index += 1
    return found


class Server:
    """A server the reader started and left running in another terminal."""

    def __init__(
        self, command: list[str], port: int, cwd: Path, env: dict[str, str], log: Path
    ) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as output:
            # A session of its own: Ctrl-C and the final kill reach the workers it forks.
            self.process = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        """What the server printed so far."""
        return self.log.read_text(errors="replace")

    def wait_until_ready(self, expected: list[str]) -> None:
        """Wait until it printed what the page shows and accepts connections."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"the server exited ({self.process.returncode}):\n{self.output()}"
                )
            printed = normalize(self.output(), self.port)
            if matches(expected, printed, beginning=True) and self._accepts():
                return
            time.sleep(0.05)
        raise AssertionError(
            "the server did not print what the page shows, or did not accept connections, "
            f"within {START_TIMEOUT} s.\nExpected:\n"
            + "\n".join(expected)
            + "\nPrinted:\n"
            + self.output()
        )

    def _accepts(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        """Ctrl-C, as the reader does; then kill whatever is left of its process group."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(STOP_TIMEOUT)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(STOP_TIMEOUT)


class Reader:
    """Someone following the pages in order, in one home folder.

    ``browser()`` gives a Playwright browser, for the ``page`` blocks. ``substitutions``
    replace text of the page in the commands before they run (a database URL the page
    makes up, by the real one).
    """

    def __init__(self, home: Path, logs: Path, browser: Callable[[], Any]) -> None:
        self.home = home
        self.cwd = home
        self.logs = logs
        self.browser = browser
        self.env = reader_env()
        self.substitutions: dict[str, str] = {}
        self.server: Server | None = None
        self._context: Any = None
        self._tab: Any = None

    # -- reading ---------------------------------------------------------------------------

    def read(self, page: Path) -> None:
        """Do everything the page says, in order; the server is stopped at the end."""
        try:
            for block in blocks(page):
                try:
                    self.follow(block)
                except AssertionError as error:
                    raise AssertionError(f"{block.where}: {error}") from None
        finally:
            self.close_tab()
            self.stop_server()

    def follow(self, block: Block) -> None:
        """Do what one block says."""
        if block.kind == "file":
            self.stop_server()  # a running development server would reload under our feet
            target = self.home / block.target
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text)
        elif block.kind == "edit":
            self.stop_server()
            target = self.home / block.target
            assert target.is_file(), f"there is no {block.target} to edit"
            target.write_text(apply_edit(target.read_text(), block.text))
        elif block.kind == "output":
            target = self.home / block.target
            assert target.is_file(), f"no command wrote {block.target}"
            assert normalize_file(target.read_text()) == normalize_file(block.text), (
                f"{block.target} is not what the page shows:\n{target.read_text()}"
            )
        elif block.kind == "layout":
            self.check_layout(block)
        elif block.kind == "page":
            self.check_page(block)
        elif block.kind == "submit":
            self.submit(block)
        elif block.kind == "not run":
            assert block.lang == "console", "only console blocks may be left unrun"
        elif block.lang == "console":
            inputs = [part.strip() for part in block.argument.split("|")] if block.kind else []
            assert block.kind in ("", "input"), f"unknown marker {block.kind!r}"
            typed = commands(block)
            assert not inputs or len(typed) == 1, "an input marker answers one command"
            for command in typed:
                self.run(command, inputs)
        else:
            raise AssertionError(
                f"a ```{block.lang} block needs a marker saying what it is "
                "(see tests/docs/tutorial_pages.py)"
            )

    # -- the terminal ----------------------------------------------------------------------

    def run(self, command: Command, inputs: list[str]) -> None:
        """Type one command and compare what it prints with the page."""
        words = command.words
        if words[0] == "cd":
            self.cwd = (self.cwd / words[1]).resolve()
            assert self.cwd.is_dir(), f"there is no folder {words[1]}"
            return
        if words[0] == "export":
            name, _, _ = words[1].partition("=")
            self.env[name] = self._shell(f'{self._typed(command.text)}; printf %s "${name}"')
            return
        if command.starts_server:
            self.start_server(command)
            return
        typed = self._typed(command.text)
        status, output = self._in_terminal(typed, inputs, command.expected)
        port = self.server.port if self.server else None
        actual = normalize(output, port)
        expected = normalize("\n".join(command.expected))
        fails = any(line.startswith(("Error:", "ERROR ")) for line in expected)
        assert (status != 0) == fails, (
            f"`{command.text}` exited with {status}"
            + (" (the page shows an error)" if fails else "")
            + f":\n{output}"
        )
        assert matches(expected, actual), (
            f"`{command.text}` printed what the page does not show.\nThe page:\n"
            + "\n".join(command.expected)
            + "\nPrinted:\n"
            + output
        )

    def _typed(self, text: str) -> str:
        """The command with the page's made-up values replaced, and the server's real port."""
        for shown, real in self.substitutions.items():
            text = text.replace(shown, real)
        if self.server is not None:
            for host in ("127.0.0.1", "localhost"):
                text = text.replace(f"{host}:{PAGE_PORT}", f"{host}:{self.server.port}")
        return text

    def _shell(self, text: str) -> str:
        result = subprocess.run(
            ["bash", "-c", text],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
        )
        assert result.returncode == 0, f"`{text}` failed:\n{result.stdout}{result.stderr}"
        return result.stdout

    def _in_terminal(self, typed: str, inputs: list[str], expected: list[str]) -> tuple[int, str]:
        """Run a command in a pseudo-terminal, as in the reader's, answering its prompts.

        A terminal, not a pipe: programs print there what the reader sees (curl shows no
        progress meter, pytest its progress line). The answers are the ``input`` marker's,
        or the ``>>>`` lines of a Python shell the page shows; with every answer given, the
        reader presses Ctrl-D at the next prompt. A command without answers gets no input.
        """
        answers = list(inputs) or [line[4:] for line in expected if line.startswith(">>> ")]
        prompts = (b": ",) if inputs else (b">>> ",)
        interactive = bool(answers)
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 500, 0, 0))
        process = subprocess.Popen(
            ["bash", "-c", typed],
            cwd=self.cwd,
            env=self.env,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            start_new_session=True,
        )
        os.close(follower)
        output = b""
        waiting = True  # for output that ends in a prompt
        deadline = time.monotonic() + COMMAND_TIMEOUT
        try:
            while True:
                assert time.monotonic() < deadline, f"`{typed}` did not finish:\n{output!r}"
                ready, _, _ = select.select([leader], [], [], 0.05)
                if ready:
                    try:
                        chunk = os.read(leader, 4096)
                    except OSError:  # the command exited and closed the terminal
                        break
                    if not chunk:
                        break
                    output += chunk
                    waiting = True
                elif interactive and waiting and output.endswith(prompts):
                    os.write(leader, answers.pop(0).encode() + b"\n" if answers else b"\x04")
                    waiting = False
            # The terminal closed: the command is exiting.
            status = process.wait(STOP_TIMEOUT)
        finally:
            os.close(leader)
            if process.poll() is None:  # it timed out, or the test failed: stop it
                process.kill()
                process.wait(STOP_TIMEOUT)
        return status, output.decode(errors="replace")

    # -- servers and the browser -----------------------------------------------------------

    def start_server(self, command: Command) -> None:
        """Start the server in the background, on a free port instead of the page's."""
        self.stop_server()
        words = shlex.split(self._typed(command.text))
        port = free_port()
        if "--port" in words:
            words[words.index("--port") + 1] = str(port)
        else:
            words += ["--port", str(port)]
        log = self.logs / f"server-{len(list(self.logs.iterdir()))}.log"
        command_line = ["bash", "-c", "exec " + shlex.join(words)]
        self.server = Server(command_line, port, self.cwd, self.env, log)
        self.server.wait_until_ready(normalize("\n".join(command.expected)))

    def stop_server(self) -> None:
        """Ctrl-C in the server's terminal."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    def tab(self) -> Any:
        """The browser tab the reader uses while on one page: cookies last until its end."""
        if self._tab is None:
            self._context = self.browser().new_context()
            self._context.set_default_timeout(START_TIMEOUT * 1000)
            self._tab = self._context.new_page()
        return self._tab

    def close_tab(self) -> None:
        if self._context is not None:
            self._context.close()
        self._context = self._tab = None

    def check_page(self, block: Block) -> None:
        """Open the address in Chromium: the page shows the block's lines, in order."""
        assert self.server is not None, "a page block needs a server the page started"
        tab = self.tab()
        response = tab.goto(self.server.base_url + block.argument)
        assert response is not None and response.status == 200, (
            f"GET {block.argument} answered {response.status if response else None}"
        )
        self.compare_shown(block, tab)

    def submit(self, block: Block) -> None:
        """Fill in a form in Chromium and send it; the next page shows the block's lines.

        The marker is ``address | label=text | label of a box to tick | ... | [button]``.
        """
        assert self.server is not None, "a submit block needs a server the page started"
        address, *fields, button = [part.strip() for part in block.argument.split("|")]
        assert button.startswith("[") and button.endswith("]"), "the last part is [a button]"
        tab = self.tab()
        tab.goto(self.server.base_url + address)
        for field in fields:
            label, typed, text = field.partition("=")
            # A required field's label ends with an asterisk, which the marker leaves out.
            control = tab.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))
            if not typed:
                control.check()
            elif control.evaluate("element => element.tagName") == "SELECT":
                control.select_option(label=text)
            else:
                control.fill(text)
        with tab.expect_navigation():
            tab.get_by_role("button", name=button[1:-1], exact=True).click()
        self.compare_shown(block, tab)

    def compare_shown(self, block: Block, tab: Any) -> None:
        """What the tab shows has the block's lines, in order.

        Pages that draw themselves with a script (the API's docs) may need a moment after
        loading: the text is read again until it matches, or START_TIMEOUT passes.
        """
        assert self.server is not None
        expected = [line for line in normalize(block.text) if line]
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            shown = normalize(tab.inner_text("body"), self.server.port)
            visible = [line for line in shown if line]
            if shows_in_order(expected, visible):
                return
            if time.monotonic() > deadline:
                break
            tab.wait_for_timeout(50)
        raise AssertionError(
            f"{tab.url} does not show what the page says.\nThe page:\n"
            + block.text
            + "\nThe browser shows:\n"
            + "\n".join(visible)
        )

    def check_layout(self, block: Block) -> None:
        """The tree of folders and files is what is on disk under the home folder."""
        listed: set[str] = set()
        folders: list[tuple[int, str]] = []
        for line in block.text.splitlines():
            if not line.strip():
                continue
            indent = len(line) - len(line.lstrip())
            name = re.split(r"\s{2,}", line.strip())[0]
            while folders and folders[-1][0] >= indent:
                folders.pop()
            path = "/".join([*(folder for _, folder in folders), name.rstrip("/")])
            if name.endswith("/"):
                folders.append((indent, name.rstrip("/")))
                assert (self.home / path).is_dir(), f"there is no folder {path}"
            else:
                listed.add(path)
        on_disk = set()
        for root in {path.split("/")[0] for path in listed}:
            if (self.home / root).is_file():
                on_disk.add(root)
            else:
                on_disk.update(f"{root}/{path}" for path in step_files(self.home / root))
        assert listed == on_disk, (
            f"the tree lists {sorted(listed - on_disk)} that are not there, and misses "
            f"{sorted(on_disk - listed)}"
        )
