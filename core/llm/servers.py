"""Which custom server URLs the app may call.

The app's *server* fetches a custom URL, so on a hosted deployment a URL is a path into the host's
private network. The owner decides with the ``[playground]`` secrets section::

    allow_custom_servers = true | false
    allowed_server_urls = ["http://127.0.0.1:11434/v1"]   # optional allow-list of URL prefixes

Without that section, custom servers are allowed only when the app runs locally (opened on localhost over
a loopback connection); on a hosted deployment they are off.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from core.errors import UserInputError

PolicyReason = Literal["secrets", "local", "hosted"]
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


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


def is_local_run(browser_url: str | None, client_ip: str | None) -> bool:
    """True when the app is used on the machine it runs on.

    ``client_ip`` is Streamlit's ``st.context.ip_address`` (None for a loopback connection) and
    ``browser_url`` is ``st.context.url`` (None outside a browser session, e.g. in tests).
    Both must point to this machine.
    """
    if client_ip is not None and not _is_loopback_host(client_ip):
        return False
    if browser_url is None:
        return True
    return _is_loopback_host(urlsplit(browser_url).hostname)


def normalize_server_url(url: str) -> str:
    """Validate a base URL (http or https, a host, no credentials, query or fragment); drop a trailing /."""
    text = url.strip()
    if not text:
        raise UserInputError("llm.err_url_empty")
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
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{netloc}{path}"


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
