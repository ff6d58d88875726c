"""An HTTP client that connects only to addresses checked before (``core.llm.servers.check_server``).

The policy resolves a server's name and checks every address; if the HTTP client then resolved the name
again, a name whose DNS answer changes (a short TTL, "DNS rebinding") could lead it elsewhere. So the
client's network backend never resolves: for the checked host and port it opens a TCP connection to the
checked addresses, in order, and refuses any other host or port. The URL is unchanged, so the Host header,
TLS server name (SNI) and certificate check still use the server's name.

The client also reads nothing from the environment (``trust_env=False``): no proxy variables (a proxy would
resolve the name itself), no ``.netrc`` credentials for the host, no SSL variables.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from dataclasses import dataclass

import httpcore2
import httpx2
from httpcore2 import SOCKET_OPTION, NetworkStream


@dataclass(frozen=True)
class Pin:
    """Where a checked server may be reached: its host as in the URL (no brackets), port and addresses."""

    host: str
    port: int
    addresses: tuple[str, ...]


class PinnedBackend(httpcore2.NetworkBackend):
    """A network backend that connects the pinned host and port to the pinned addresses only."""

    def __init__(self, pin: Pin) -> None:
        self.pin = pin
        self._inner = httpcore2.SyncBackend()
        self.connected: list[tuple[str, int]] = []  # what was really dialled (for tests)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> NetworkStream:
        wanted = host.strip("[]").rstrip(".").lower()
        if (wanted, port) != (self.pin.host, self.pin.port) or not self.pin.addresses:
            raise httpcore2.ConnectError(f"{host}:{port} is not the checked server")
        error: httpcore2.ConnectError | httpcore2.ConnectTimeout | None = None
        for address in self.pin.addresses:
            self.connected.append((address, port))
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore2.ConnectError, httpcore2.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[SOCKET_OPTION] | None = None
    ) -> NetworkStream:
        raise httpcore2.ConnectError("no unix sockets for a checked server")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class PinnedTransport(httpx2.HTTPTransport):
    """httpx2's own transport (requests, responses, error mapping) over a ``PinnedBackend``."""

    def __init__(self, pin: Pin, verify: ssl.SSLContext | None = None) -> None:
        super().__init__(trust_env=False)
        self._pool.close()
        self.backend = PinnedBackend(pin)
        # HTTPTransport takes no network backend, so its connection pool is replaced by one that has it.
        # TLS: the pool checks the certificate against the URL's host (sent as SNI), not the pinned address.
        self._pool = httpcore2.ConnectionPool(
            ssl_context=verify or httpx2.create_ssl_context(trust_env=False), network_backend=self.backend
        )


def pinned_http_client(pin: Pin, *, timeout_s: float, verify: ssl.SSLContext | None = None) -> httpx2.Client:
    """A client for one checked server: no redirects, nothing from the environment, pinned addresses.
    ``verify``: the certificate authorities to trust (default: the system's)."""
    return httpx2.Client(
        transport=PinnedTransport(pin, verify), follow_redirects=False, timeout=timeout_s, trust_env=False
    )
