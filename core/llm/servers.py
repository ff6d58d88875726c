"""Which custom server URLs the app may call.

The app's *server* fetches a custom URL, so on a hosted deployment a URL is a path into the host's
private network. The owner decides with the ``[playground]`` secrets section::

    allow_custom_servers = true | false
    allowed_server_urls = ["http://127.0.0.1:11434/v1"]   # optional allow-list of URL prefixes

Without that section, custom servers are allowed only when the app runs locally: the connection comes from
this machine, no proxy header is present, and the Host header and the browser's address both name this
machine. Everything else (a hosted deployment, a reverse proxy, a request without these facts) means off.
A reverse proxy on the same machine that adds no ``X-Forwarded-For`` and rewrites the Host header to
localhost cannot be told apart from a local learner: behind such a proxy, set ``allow_custom_servers``.

A URL must be plain: http(s), a host name or IP address, an optional port and a simple path — no
credentials, query, fragment, percent-encoding, backslashes or ``.``/``..`` path segments (which the HTTP
client would resolve and so leave an allow-listed path).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from core.errors import UserInputError

PolicyReason = Literal["secrets", "local", "hosted"]
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
# Headers a reverse proxy adds: their presence means the request did not come straight from a local browser.
PROXY_HEADERS = frozenset({"forwarded", "x-real-ip", "via", "x-original-forwarded-for", "true-client-ip"})
_LABEL = r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?"
_HOST_NAME = re.compile(rf"^{_LABEL}(\.{_LABEL})*\.?$")
_PATH = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@/-]*$")


@dataclass(frozen=True)
class ServerPolicy:
    allow_custom: bool
    allowed_prefixes: tuple[str, ...]
    reason: PolicyReason


def _is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_of(value: str) -> str | None:
    try:
        return urlsplit(value if "//" in value else "//" + value).hostname
    except ValueError:
        return None


def is_local_run(
    browser_url: str | None, client_ip: str | None, headers: Mapping[str, str] | None = None
) -> bool:
    """True when the app is used on the machine it runs on; False when that is not certain.

    ``client_ip`` is Streamlit's ``st.context.ip_address`` (None for a loopback connection), ``headers`` are
    ``st.context.headers`` (of the browser's connection; empty outside a browser session, e.g. in tests) and
    ``browser_url`` is ``st.context.url``. The URL and the headers are sent by the client, so each is only one
    more condition: the connection must be from this machine, no proxy may have touched it, and Host, Origin
    and the browser's address must all name this machine.
    """
    if client_ip is not None and not _is_loopback_host(client_ip):
        return False
    if not headers:
        return False
    names = {name.lower(): value for name, value in headers.items()}
    if any(name in PROXY_HEADERS or name.startswith("x-forwarded-") for name in names):
        return False
    if not _is_loopback_host(_host_of(names.get("host", ""))):
        return False
    if "origin" in names and not _is_loopback_host(_host_of(names["origin"])):
        return False
    return browser_url is not None and _is_loopback_host(urlsplit(browser_url).hostname)


def normalize_server_url(url: str) -> str:
    """Validate a base URL (see the module doc); return it with lower-case scheme and host, no trailing /."""
    text = url.strip()
    if not text:
        raise UserInputError("llm.err_url_empty")
    if any(ch.isspace() or not ch.isprintable() for ch in text) or "\\" in text:
        raise UserInputError("llm.err_url_invalid", url=text)
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError for a bad port
    except ValueError:
        raise UserInputError("llm.err_url_invalid", url=text) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise UserInputError("llm.err_url_scheme", url=text)
    if not parts.hostname:
        raise UserInputError("llm.err_url_invalid", url=text)
    if parts.username is not None or parts.password is not None:
        raise UserInputError("llm.err_url_credentials")
    if parts.query or parts.fragment:
        raise UserInputError("llm.err_url_query", url=text)
    host = parts.hostname
    if not _valid_host(host):
        raise UserInputError("llm.err_url_invalid", url=text)
    if not _PATH.match(parts.path) or any(seg in (".", "..") for seg in parts.path.split("/")):
        raise UserInputError("llm.err_url_path", url=text)
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{netloc}{path}"


def _valid_host(host: str) -> bool:
    """An IP address or an ASCII host name (no user info, no odd characters the HTTP client might read
    differently from this check)."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    return len(host) <= 253 and bool(_HOST_NAME.match(host))


def server_policy(section: Mapping[str, object] | None, *, local_run: bool) -> ServerPolicy:
    """The owner's choice from the ``[playground]`` secrets section, else: allowed only on a local run."""
    section = section or {}
    raw_list = section.get("allowed_server_urls")
    prefixes: tuple[str, ...] = ()
    if raw_list is not None:
        if not isinstance(raw_list, list | tuple) or not all(isinstance(u, str) for u in raw_list):
            raise UserInputError("llm.err_policy_config", field="allowed_server_urls")
        prefixes = tuple(normalize_server_url(u) for u in raw_list)
    allow = section.get("allow_custom_servers")
    if allow is not None:
        if not isinstance(allow, bool):
            raise UserInputError("llm.err_policy_config", field="allow_custom_servers")
        return ServerPolicy(allow_custom=allow, allowed_prefixes=prefixes, reason="secrets")
    if prefixes:
        return ServerPolicy(allow_custom=True, allowed_prefixes=prefixes, reason="secrets")
    return ServerPolicy(
        allow_custom=local_run, allowed_prefixes=(), reason="local" if local_run else "hosted"
    )


def _under(url: str, prefix: str) -> bool:
    u, p = urlsplit(url), urlsplit(prefix)
    if (u.scheme, u.netloc) != (p.scheme, p.netloc):
        return False
    return u.path == p.path or u.path.startswith(p.path.rstrip("/") + "/")


def check_server_url(url: str, policy: ServerPolicy) -> str:
    """The normalized URL if the policy allows calling it; otherwise a ``UserInputError``."""
    if not policy.allow_custom:
        raise UserInputError("llm.err_custom_disabled")
    normalized = normalize_server_url(url)
    if policy.allowed_prefixes and not any(_under(normalized, p) for p in policy.allowed_prefixes):
        raise UserInputError(
            "llm.err_url_not_allowed", url=normalized, allowed=", ".join(policy.allowed_prefixes)
        )
    return normalized
