"""Checking that the server can listen where it was asked to, before it starts.

granian binds its socket inside each worker (with ``SO_REUSEPORT`` on Linux), so a busy port
would surface as a worker crash, or not at all; one bind here gives a clear message first.
"""

from __future__ import annotations

import errno
import socket


class ListenError(Exception):
    """The server cannot listen on the address asked for; the message says what to change."""


def resolve_host(host: str, port: int) -> tuple[socket.AddressFamily, str]:
    """The address family and numeric address that ``host`` (a name or an IP) stands for."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise ListenError(f"cannot listen on {host!r}: {error.strerror}; pass --host") from None
    family, _, _, _, address = infos[0]
    return family, str(address[0])


def check_port_free(host: str, port: int) -> str:
    """Raise ListenError unless ``port`` on ``host`` can be listened on; return the numeric host."""
    family, address = resolve_host(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # Servers set SO_REUSEADDR, so a port left in TIME_WAIT by a server that just stopped
        # is free for them; without it here, such a port would look busy for a minute.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError as error:
            raise ListenError(_explain(error, host, port)) from None
    return address


def _explain(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use; pass --port"
    if error.errno == errno.EACCES:
        return (
            f"no permission to listen on port {port} (ports below 1024 need administrator "
            "rights); pass --port"
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}: it is not an address of this machine; pass --host"
    return f"cannot listen on port {port} on {host}: {error.strerror}"
