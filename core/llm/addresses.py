"""Host names and IP addresses of server URLs: one strict reading, and what kind of address each one is.

Programs disagree about numeric hosts that are not four plain decimal numbers: ``0177.0.0.1`` is octal
(127.0.0.1) to the C library and to browsers but decimal to others, ``2130706433`` and ``0x7f.1`` are also
127.0.0.1 to some readers and host names to others. A check that reads a host one way while the HTTP client
reads it another is a check of a different host, so every such form is refused with a message that asks for
the plain form; a host that looks like an IPv4 address but is none (``192.168.1.300``) is "not a valid
address". A name is resolved separately (``core.llm.servers``) and every address it has is classified here.

An IPv6 address that carries an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible ``::a.b.c.d``,
NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``, Teredo) is classified by the stricter of the two, so
``[::ffff:169.254.169.254]`` is the metadata address it names.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Literal

import idna

from core.errors import UserInputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: From the most to the least restricted. ``link_local`` includes the cloud metadata addresses.
AddressKind = Literal["link_local", "unspecified", "multicast", "reserved", "loopback", "private", "public"]
SEVERITY: tuple[AddressKind, ...] = (
    "link_local",
    "unspecified",
    "multicast",
    "reserved",
    "loopback",
    "private",
    "public",
)
#: Never connected to, whatever the owner's settings say.
ALWAYS_REFUSED: frozenset[AddressKind] = frozenset({"link_local", "unspecified", "multicast", "reserved"})
#: Cloud metadata and host services outside the link-local ranges (AWS IPv6, Alibaba, Azure's wire server).
METADATA = frozenset(ipaddress.ip_address(a) for a in ("fd00:ec2::254", "100.100.100.200", "168.63.129.16"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_PLAIN = re.compile(r"^(0|[1-9][0-9]*)$")
_NUMERIC = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")


@dataclass(frozen=True)
class Host:
    """A host as the app reads it: ``name`` is ASCII (IDN in its xn-- form), lower case, without brackets
    or a trailing dot; ``ip`` is set when the host is an address literal."""

    name: str
    ip: IPAddress | None

    @property
    def netloc(self) -> str:
        return f"[{self.name}]" if ":" in self.name else self.name


def parse_host(host: str, url: str) -> Host:
    """Read a URL's host (``urlsplit(...).hostname``); a ``UserInputError`` names what is wrong with it."""
    text = host.lower()
    if not text or "%" in text:  # no IPv6 zone ids: they name this machine's interfaces
        raise UserInputError("llm.err_url_invalid", url=url)
    if ":" in text:
        try:
            return Host(str(ipaddress.IPv6Address(text)), ipaddress.IPv6Address(text))
        except ValueError:
            raise UserInputError("llm.err_url_bad_ip", url=url, host=host) from None
    if not text.isascii():
        try:
            ascii_form = idna.encode(text, uts46=False).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            raise UserInputError("llm.err_url_idn", url=url, host=host) from None
        return parse_host(ascii_form + ("." if text.endswith(".") else ""), url)
    trailing_dot = text.endswith(".")
    labels = (text[:-1] if trailing_dot else text).split(".")
    if _NUMERIC.match(labels[-1]):
        address = _numeric(labels, trailing_dot, host, url)
        return Host(str(address), address)
    name = ".".join(labels)
    if len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise UserInputError("llm.err_url_invalid", url=url)
    return Host(name, None)


def _numeric(labels: list[str], trailing_dot: bool, host: str, url: str) -> ipaddress.IPv4Address:
    """A host whose last label is a number is an IPv4 address to browsers: only four plain decimal numbers
    0-255 are accepted; a form that some program reads as an address is ambiguous, anything else invalid."""
    plain = all(_PLAIN.match(x) for x in labels)
    if len(labels) == 4 and plain and not trailing_dot:
        if all(int(x) <= 255 for x in labels):
            return ipaddress.IPv4Address(".".join(labels))
        raise UserInputError("llm.err_url_bad_ip", url=url, host=host)
    if len(labels) <= 4 and all(_NUMERIC.match(x) for x in labels):
        raise UserInputError("llm.err_url_ip_form", url=url, host=host)
    raise UserInputError("llm.err_url_bad_ip", url=url, host=host)


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.teredo is not None:
        return address.teredo[1]
    if address.sixtofour is not None:
        return address.sixtofour
    value = int(address)
    if address in _NAT64 or (value >> 32 == 0 and value > 1):  # NAT64, or deprecated ::a.b.c.d
        return ipaddress.IPv4Address(value & 0xFFFFFFFF)
    return None


def _kind(address: IPAddress) -> AddressKind:
    if address in METADATA or address.is_link_local:
        return "link_local"
    if address.is_unspecified:
        return "unspecified"
    if address.is_multicast:
        return "multicast"
    if isinstance(address, ipaddress.IPv4Address) and address == ipaddress.IPv4Address("255.255.255.255"):
        return "reserved"
    if address.is_loopback:
        return "loopback"
    if address.is_reserved or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local):
        return "reserved"
    if address.is_private or address in _CGNAT or not address.is_global:
        return "private"
    return "public"


def classify(address: IPAddress) -> AddressKind:
    """What kind of address this is. An IPv6 address that carries an IPv4 address is what that one is
    (the carrying prefixes are neither link-local nor multicast, so nothing stricter is lost)."""
    inner = embedded_ipv4(address)
    if inner is not None and address not in METADATA:
        return _kind(inner)
    return _kind(address)


def ip_or_none(text: str | None) -> IPAddress | None:
    """An address in its standard form (IPv6 with or without brackets), else None (no numeric guessing)."""
    if not text:
        return None
    try:
        return ipaddress.ip_address(text.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return None


def is_loopback(host: str | None) -> bool:
    """``localhost`` (or ``localhost.``), 127.0.0.0/8, ``::1`` and the IPv4-mapped ``::ffff:127.x.y.z``."""
    if not host:
        return False
    if host.lower() in ("localhost", "localhost."):
        return True
    address = ip_or_none(host)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address is not None and address.is_loopback
