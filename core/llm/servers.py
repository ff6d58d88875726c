"""Which custom server URLs the app may call, and the one address it then connects to.

The app's *server* fetches a custom URL, so on a hosted deployment a URL is a path into the host's
private network. The owner decides with the ``[playground]`` secrets section::

    allow_custom_servers = true | false
    allowed_server_urls = ["http://127.0.0.1:11434/v1"]   # optional allow-list of base URLs

Without that section, custom servers are allowed only when the app runs locally: the connection comes from
this machine, no proxy header is present, and the Host header and the browser's address both name this
machine (``localhost``, 127.0.0.0/8, ``::1`` or ``::ffff:127.x.y.z``). Everything else (a hosted deployment,
a reverse proxy, a request without these facts) means off. A reverse proxy on the same machine that adds no
``X-Forwarded-For`` and rewrites the Host header to localhost cannot be told apart from a local learner:
behind such a proxy, set ``allow_custom_servers``.

One policy, in this order (``check_server``):

1. **Parse**: http(s), a host, an optional port 1-65535 and a simple path — no user info, query, fragment,
   percent-encoding, backslashes or ``.``/``..`` segments. Hosts are read by ``core.llm.addresses``: IPv4 only
   as four decimal numbers (octal, hex, single-number and short forms are refused as ambiguous; a host like
   ``192.168.1.300`` is not a valid address), IDN host names in their ``xn--`` form.
2. **Allow-list**: an entry matches on the parsed URL — scheme, host and port equal (a missing port is the
   scheme's default), the path equal or below the entry's path by whole segments — never by string prefix.
3. **Resolve** the host (the resolver is a parameter; tests pass a stub) and check **every** address:
   link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254, ... and their
   IPv4-mapped forms), unspecified, multicast and reserved addresses are always refused, and so is the app's
   own address and port; loopback, private and this host's own addresses are refused on a hosted session
   unless the URL is on the owner's allow-list.
4. **Connect only to the checked addresses** (``CheckedServer.pin`` for ``core.llm.client.make_client``), so
   a second lookup by the HTTP client cannot lead elsewhere; the Host header and TLS server name stay the
   URL's host.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from core.errors import UserInputError
from core.llm import addresses
from core.llm.addresses import Host, IPAddress
from core.llm.pinning import Pin

PolicyReason = Literal["secrets", "local", "hosted"]
#: ``resolve(host, port)`` -> the host's addresses as text (``socket.getaddrinfo`` in the app).
Resolver = Callable[[str, int], Sequence[str]]
DEFAULT_PORTS = {"http": 80, "https": 443}
# Headers a reverse proxy adds: their presence means the request did not come straight from a local browser.
PROXY_HEADERS = frozenset({"forwarded", "x-real-ip", "via", "x-original-forwarded-for", "true-client-ip"})
_PATH = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@/-]*$")


@dataclass(frozen=True)
class ServerPolicy:
    allow_custom: bool
    allowed_prefixes: tuple[str, ...]
    reason: PolicyReason
    local_run: bool = False  # loopback and private addresses are allowed without listing them
    app_port: int | None = None  # the app's own port: never a server to call on this machine
    own_addresses: frozenset[str] = frozenset()  # this host's addresses (besides loopback)


@dataclass(frozen=True)
class ServerUrl:
    """A parsed, plain base URL."""

    scheme: str
    host: Host
    port: int | None  # as written
    path: str  # without a trailing /

    @property
    def effective_port(self) -> int:
        return self.port if self.port is not None else DEFAULT_PORTS[self.scheme]

    @property
    def url(self) -> str:
        port = f":{self.port}" if self.port is not None else ""
        return f"{self.scheme}://{self.host.netloc}{port}{self.path}"


@dataclass(frozen=True)
class CheckedServer:
    """A URL that passed the policy and the addresses it may be reached at (all of them checked)."""

    url: str
    host: str
    port: int
    addresses: tuple[str, ...]

    @property
    def pin(self) -> Pin:
        return Pin(host=self.host, port=self.port, addresses=self.addresses)


def system_resolver(host: str, port: int) -> tuple[str, ...]:
    """Every address the system resolver gives for ``host`` (TCP), in its order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return tuple(dict.fromkeys(str(info[4][0]) for info in infos))


# ------------------------------------------------------------------------------------------------ local run
def _host_of(value: str) -> str | None:
    try:
        return urlsplit(value if "//" in value else "//" + value).hostname
    except ValueError:
        return None


def is_local_run(
    browser_url: str | None, client_ip: str | None, headers: Mapping[str, str] | None = None
) -> bool:
    """True when the app is used on the machine it runs on; False when that is not certain.

    ``client_ip`` is Streamlit's ``st.context.ip_address`` (None for a loopback connection; an IPv4-mapped
    ``::ffff:127.0.0.1`` when the app listens on ``::``), ``headers`` are ``st.context.headers`` (empty
    outside a browser session, e.g. in tests) and ``browser_url`` is ``st.context.url``. The URL and the
    headers are sent by the client, so each is only one more condition: the connection must be from this
    machine, no proxy may have touched it, and Host, Origin and the browser's address must all name it.
    Loopback is recognised in every form by ``core.llm.addresses.is_loopback``.
    """
    if client_ip is not None and not addresses.is_loopback(client_ip):
        return False
    if not headers:
        return False
    names = {name.lower(): value for name, value in headers.items()}
    if any(name in PROXY_HEADERS or name.startswith("x-forwarded-") for name in names):
        return False
    if not addresses.is_loopback(_host_of(names.get("host", ""))):
        return False
    if "origin" in names and not addresses.is_loopback(_host_of(names["origin"])):
        return False
    return browser_url is not None and addresses.is_loopback(_host_of(browser_url))


# ------------------------------------------------------------------------------------------------ parsing
def parse_server_url(url: str) -> ServerUrl:
    """Read a base URL strictly (see the module doc); a ``UserInputError`` names what is wrong."""
    text = url.strip()
    if not text:
        raise UserInputError("llm.err_url_empty")
    if any(ch.isspace() or not ch.isprintable() for ch in text) or "\\" in text:
        raise UserInputError("llm.err_url_invalid", url=text)
    try:
        parts = urlsplit(text)
    except ValueError:
        raise UserInputError("llm.err_url_invalid", url=text) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise UserInputError("llm.err_url_scheme", url=text)
    if "@" in parts.netloc:
        raise UserInputError("llm.err_url_credentials")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise UserInputError("llm.err_url_query", url=text)
    try:
        port = parts.port
        hostname = parts.hostname
    except ValueError:
        raise UserInputError("llm.err_url_port", url=text) from None
    if not hostname:
        raise UserInputError("llm.err_url_invalid", url=text)
    if (port is not None and not 0 < port < 65536) or parts.netloc.endswith(":"):
        raise UserInputError("llm.err_url_port", url=text)
    host = addresses.parse_host(hostname, text)
    if not _PATH.match(parts.path) or any(seg in (".", "..") for seg in parts.path.split("/")):
        raise UserInputError("llm.err_url_path", url=text)
    return ServerUrl(scheme, host, port, parts.path.rstrip("/"))


def normalize_server_url(url: str) -> str:
    """Validate a base URL (see the module doc); return it with lower-case scheme and host, no trailing /."""
    return parse_server_url(url).url


# ------------------------------------------------------------------------------------------------ policy
def server_policy(
    section: Mapping[str, object] | None,
    *,
    local_run: bool,
    app_port: int | None = None,
    own_addresses: Iterable[str] = (),
) -> ServerPolicy:
    """The owner's choice from the ``[playground]`` secrets section, else: allowed only on a local run."""
    section = section or {}
    raw_list = section.get("allowed_server_urls")
    prefixes: tuple[str, ...] = ()
    if raw_list is not None:
        if not isinstance(raw_list, list | tuple) or not all(isinstance(u, str) for u in raw_list):
            raise UserInputError("llm.err_policy_config", field="allowed_server_urls")
        prefixes = tuple(normalize_server_url(u) for u in raw_list)
    allow = section.get("allow_custom_servers")
    if allow is not None and not isinstance(allow, bool):
        raise UserInputError("llm.err_policy_config", field="allow_custom_servers")
    reason: PolicyReason
    if allow is None and not prefixes:
        allow, reason = local_run, "local" if local_run else "hosted"
    else:
        allow, reason = (True if allow is None else allow), "secrets"
    return ServerPolicy(
        allow, prefixes, reason, local_run, app_port, frozenset(str(a) for a in own_addresses)
    )


def _matches(url: ServerUrl, entry: ServerUrl) -> bool:
    """``url`` is the allow-list ``entry`` or below it: same scheme, host and port, path by segments."""
    if (url.scheme, url.host.name, url.effective_port) != (
        entry.scheme,
        entry.host.name,
        entry.effective_port,
    ):
        return False
    return url.path == entry.path or url.path.startswith(entry.path + "/")


def _shown(address: IPAddress) -> str:
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return f"::ffff:{mapped}" if mapped is not None else str(address)


def _check_address(address: IPAddress, url: ServerUrl, policy: ServerPolicy, listed: bool) -> None:
    kind = addresses.classify(address)
    params = {"url": url.url, "address": _shown(address)}
    if kind in addresses.ALWAYS_REFUSED:
        raise UserInputError(f"llm.err_addr_{kind}", **params)
    inner = addresses.embedded_ipv4(address)
    own = kind == "loopback" or bool({str(address), str(inner)} & policy.own_addresses)
    if own and url.effective_port == policy.app_port:
        raise UserInputError("llm.err_addr_self", **params)
    if (own or kind == "private") and not (policy.local_run or listed):
        raise UserInputError("llm.err_addr_private", **params)


def _listed(url: ServerUrl, policy: ServerPolicy) -> bool:
    entries = [parse_server_url(p) for p in policy.allowed_prefixes]
    listed = any(_matches(url, entry) for entry in entries)
    if entries and not listed:
        raise UserInputError(
            "llm.err_url_not_allowed", url=url.url, allowed=", ".join(policy.allowed_prefixes)
        )
    return listed


def check_server_url(url: str, policy: ServerPolicy) -> str:
    """The normalized URL if the policy allows it as far as is known without a lookup (an address literal
    is checked, a name is not resolved); otherwise a ``UserInputError``. Before connecting, use
    ``check_server``."""
    if not policy.allow_custom:
        raise UserInputError("llm.err_custom_disabled")
    parsed = parse_server_url(url)
    listed = _listed(parsed, policy)
    if parsed.host.ip is not None:
        _check_address(parsed.host.ip, parsed, policy, listed)
    return parsed.url


def check_server(url: str, policy: ServerPolicy, *, resolve: Resolver = system_resolver) -> CheckedServer:
    """Parse, match the allow-list, resolve and check every address; the result says where to connect."""
    if not policy.allow_custom:
        raise UserInputError("llm.err_custom_disabled")
    parsed = parse_server_url(url)
    listed = _listed(parsed, policy)
    port = parsed.effective_port
    if parsed.host.ip is not None:
        found: list[IPAddress] = [parsed.host.ip]
    else:
        found = _resolve(parsed, resolve)
    for address in found:
        _check_address(address, parsed, policy, listed)
    return CheckedServer(parsed.url, parsed.host.name, port, tuple(str(a) for a in found))


def _resolve(url: ServerUrl, resolve: Resolver) -> list[IPAddress]:
    try:
        texts = resolve(url.host.name, url.effective_port)
    except (OSError, UnicodeError, ValueError):
        raise UserInputError("llm.err_url_unresolved", url=url.url, host=url.host.name) from None
    found: list[IPAddress] = []
    for text in texts:
        address = addresses.ip_or_none(text.split("%", 1)[0])  # a scope id does not change the kind
        if address is None:
            raise UserInputError("llm.err_url_unresolved", url=url.url, host=url.host.name)
        found.append(address)
    if not found:
        raise UserInputError("llm.err_url_unresolved", url=url.url, host=url.host.name)
    return found
