"""Checking the address before the server starts."""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator

import pytest

from trestle.cli.ports import ListenError, _explain, check_port_free, resolve_host


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port on 127.0.0.1 that something is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_free_port() -> None:
    assert check_port_free("127.0.0.1", _free_port()) == "127.0.0.1"


def test_localhost_resolves_to_a_loopback_address() -> None:
    assert resolve_host("localhost", 8000)[1] in {"127.0.0.1", "::1"}


def test_busy_port(busy_port: int) -> None:
    with pytest.raises(ListenError) as caught:
        check_port_free("127.0.0.1", busy_port)
    assert str(caught.value) == f"port {busy_port} on 127.0.0.1 is already in use; pass --port"


def test_busy_port_on_all_interfaces(busy_port: int) -> None:
    with pytest.raises(ListenError, match="already in use"):
        check_port_free("0.0.0.0", busy_port)


def test_port_left_in_time_wait_counts_as_free() -> None:
    # A connection closed by the server side leaves the port in TIME_WAIT for a minute.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = int(listener.getsockname()[1])
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = listener.accept()
        accepted.close()
        client.close()
    assert check_port_free("127.0.0.1", port) == "127.0.0.1"


def test_unknown_host() -> None:
    with pytest.raises(ListenError, match=r"^cannot listen on 'no-such-host\.invalid': .*--host$"):
        check_port_free("no-such-host.invalid", 8000)


def test_address_of_another_machine() -> None:
    with pytest.raises(ListenError) as caught:
        check_port_free("192.0.2.1", _free_port())  # TEST-NET-1: never a local address
    assert str(caught.value) == (
        "cannot listen on 192.0.2.1: it is not an address of this machine; pass --host"
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (errno.EACCES, "no permission to listen on port 80 (ports below 1024 need"),
        (errno.EMFILE, "cannot listen on port 80 on 127.0.0.1: Too many open files"),
    ],
)
def test_other_errors(code: int, message: str) -> None:
    import os

    assert _explain(OSError(code, os.strerror(code)), "127.0.0.1", 80).startswith(message)
