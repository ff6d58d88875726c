"""The custom-server URL policy (core.llm.servers, core.llm.addresses, core.llm.pinning): parsing, address
forms, names resolving to private addresses (a stub resolver), the allow-list on the parsed URL, the app's
own port, loopback in every form for "local run", and a client that connects only to the checked address.

Servers started here listen on 127.0.0.1 ports 9300-9399."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from core.errors import UserInputError
from core.i18n import load_ui_strings
from core.llm import addresses, remote, servers
from core.llm.pinning import Pin
from core.llm.types import ChatRequest
from tests import fake_openai


def free_port_in_range() -> int:
    for port in range(9300, 9400):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 9300-9399")


def stub(table: Mapping[str, Sequence[str]]) -> servers.Resolver:
    """A resolver that knows only ``table`` (an unknown name fails like a DNS miss)."""

    def resolve(host: str, port: int) -> Sequence[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


# ------------------------------------------------------------------------------------------------ parsing
@pytest.mark.parametrize(
    ("url", "normalized"),
    [
        ("http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1"),
        ("  HTTP://LocalHost:1234/v1/  ", "http://localhost:1234/v1"),
        ("https://llm.example.org", "https://llm.example.org"),
        ("http://[::1]:8000/v1", "http://[::1]:8000/v1"),
        ("http://[0:0:0:0:0:0:0:1]:8000/v1", "http://[::1]:8000/v1"),  # IPv6 in its short form
        ("http://[FD00:EC2:0::254]/v1", "http://[fd00:ec2::254]/v1"),
        ("http://[::ffff:10.0.0.5]:80/v1", "http://[::ffff:a00:5]:80/v1"),
        ("http://llm.example.org./v1", "http://llm.example.org/v1"),  # trailing dot of a name
        ("http://BÜCHER.example/v1", "http://xn--bcher-kva.example/v1"),  # IDN as its xn-- form
        ("http://xn--bcher-kva.example/v1", "http://xn--bcher-kva.example/v1"),
        ("http://1.example/v1", "http://1.example/v1"),  # a number inside a name is fine
        ("http://h:65535/v1", "http://h:65535/v1"),
    ],
)
def test_normalize_server_url(url: str, normalized: str) -> None:
    assert servers.normalize_server_url(url) == normalized


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("", "llm.err_url_empty"),
        ("ftp://127.0.0.1/v1", "llm.err_url_scheme"),
        ("file:///etc/passwd", "llm.err_url_scheme"),
        ("javascript:alert(1)", "llm.err_url_scheme"),
        ("127.0.0.1:11434", "llm.err_url_scheme"),
        ("http://", "llm.err_url_invalid"),
        # ports
        ("http://host:99999/v1", "llm.err_url_port"),
        ("http://host:65536/v1", "llm.err_url_port"),
        ("http://host:0/v1", "llm.err_url_port"),
        ("http://host:+80/v1", "llm.err_url_port"),
        ("http://host:8o/v1", "llm.err_url_port"),
        ("http://host:/v1", "llm.err_url_port"),
        # user info, in every spelling
        ("http://user:sk-secret@host/v1", "llm.err_url_credentials"),
        ("http://user@host/v1", "llm.err_url_credentials"),
        ("http://@host/v1", "llm.err_url_credentials"),
        ("http://127.0.0.1@evil.example/v1", "llm.err_url_credentials"),
        ("http://10.0.0.5:8000@169.254.169.254/v1", "llm.err_url_credentials"),
        ("http://host/v1?key=sk-secret", "llm.err_url_query"),
        ("http://host/v1#x", "llm.err_url_query"),
        ("http://host/v1?", "llm.err_url_query"),
        ("http://127.0.0.1:11434\\@evil.example/v1", "llm.err_url_invalid"),
        ("http://evil.example\\.127.0.0.1/v1", "llm.err_url_invalid"),
        ("http://127.0.0.1:11434/v1\n/x", "llm.err_url_invalid"),
        ("http://127.0.0.1\t:11434/v1", "llm.err_url_invalid"),
        ("http://a..b/v1", "llm.err_url_invalid"),
        ("http://-a.example/v1", "llm.err_url_invalid"),
        ("http://" + "a" * 64 + ".example/v1", "llm.err_url_invalid"),
        ("http://[fe80::1%25eth0]/v1", "llm.err_url_invalid"),  # zone id
        ("http://[::1/v1", "llm.err_url_invalid"),
        # hosts that look like an IPv4 address but are none (issue 15)
        ("http://192.168.1.300/v1", "llm.err_url_bad_ip"),
        ("http://256.256.256.256/v1", "llm.err_url_bad_ip"),
        ("http://1.2.3.4.5/v1", "llm.err_url_bad_ip"),
        ("http://example.123/v1", "llm.err_url_bad_ip"),
        ("http://[1.2.3.4]/v1", "llm.err_url_invalid"),
        ("http://[::ffff:999.0.0.1]/v1", "llm.err_url_invalid"),
        # numeric forms programs read differently: refused as ambiguous
        ("http://0177.0.0.1/v1", "llm.err_url_ip_form"),  # octal 127.0.0.1
        ("http://2130706433/v1", "llm.err_url_ip_form"),  # 127.0.0.1 as one number
        ("http://0x7f000001/v1", "llm.err_url_ip_form"),
        ("http://0x7f.0.0.1/v1", "llm.err_url_ip_form"),
        ("http://127.1/v1", "llm.err_url_ip_form"),
        ("http://169.254.43518/v1", "llm.err_url_ip_form"),  # 169.254.169.254
        ("http://127.0.0.1./v1", "llm.err_url_ip_form"),  # trailing dot
        ("http://010.0.0.1/v1", "llm.err_url_ip_form"),
        # IDN: only names IDNA 2008 allows (no compatibility forms that turn into another name)
        ("http://\u24dbocalhost:11434/v1", "llm.err_url_idn"),
        ("http://\uff11\uff12\uff17.0.0.1/v1", "llm.err_url_idn"),  # full-width digits
        # paths
        ("http://10.0.0.5:8000/v1/../../admin", "llm.err_url_path"),
        ("http://10.0.0.5:8000/v1/./x", "llm.err_url_path"),
        ("http://10.0.0.5:8000/v1/%2e%2e/admin", "llm.err_url_path"),
        ("http://10.0.0.5:8000/v1%2F..%2Fadmin", "llm.err_url_path"),
    ],
)
def test_bad_server_urls(url: str, key: str) -> None:
    with pytest.raises(UserInputError) as info:
        servers.normalize_server_url(url)
    assert info.value.key == key


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(
    ("url", "key", "named"),
    [
        ("http://192.168.1.300/v1", "llm.err_url_bad_ip", "192.168.1.300"),
        ("http://0177.0.0.1/v1", "llm.err_url_ip_form", "0177.0.0.1"),
    ],
)
def test_a_host_that_is_no_address_gets_a_message_naming_it(
    lang: str, url: str, key: str, named: str
) -> None:
    """Issue 15: these used to end in an AddressValueError traceback on the playground."""
    from tests.apptest import open_page, plain

    at = open_page("pages/playground.py", lang)
    at.secrets["playground"] = {"allow_custom_servers": True}
    at.radio(key="pg_a_kind").set_value("server").run()
    at.text_input(key="pg_server_url").input(url)
    at.text_area(key="pg_user").input("hi")
    at.button(key="pg_run").click().run()
    assert not at.exception
    head = load_ui_strings(lang)[key].split("{")[0]  # type: ignore[arg-type]
    errors = [plain(e.value) for e in at.error]
    assert any(named in e for e in errors), errors
    assert any(head.strip("“„ ") in e for e in errors), errors


# ------------------------------------------------------------------------------------------------ kinds
@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("8.8.8.8", "public"),
        ("2606:4700:4700::1111", "public"),
        ("::ffff:8.8.8.8", "public"),
        ("169.254.169.254", "link_local"),
        ("169.254.0.1", "link_local"),
        ("fe80::1", "link_local"),
        ("febf::1", "link_local"),
        ("fd00:ec2::254", "link_local"),  # AWS metadata over IPv6 (inside fc00::/7)
        ("100.100.100.200", "link_local"),  # Alibaba metadata
        ("168.63.129.16", "link_local"),  # Azure wire server
        ("::ffff:169.254.169.254", "link_local"),  # IPv4-mapped
        ("::169.254.169.254", "link_local"),  # IPv4-compatible (deprecated)
        ("64:ff9b::169.254.169.254", "link_local"),  # NAT64
        ("2002:a9fe:a9fe::1", "link_local"),  # 6to4
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("::ffff:0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("::ffff:239.1.1.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("fec0::1", "reserved"),
        ("127.0.0.1", "loopback"),
        ("127.255.255.254", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.30", "private"),
        ("100.64.0.1", "private"),  # carrier-grade NAT
        ("fd12:3456::1", "private"),
        ("::ffff:10.0.0.1", "private"),
        ("192.0.2.1", "private"),  # documentation range: not on the internet
    ],
)
def test_address_kinds(address: str, kind: str) -> None:
    assert addresses.classify(ipaddress.ip_address(address)) == kind


def test_every_refused_kind_has_a_message_in_both_languages() -> None:
    needed = {f"llm.err_addr_{kind}" for kind in addresses.ALWAYS_REFUSED}
    needed |= {"llm.err_addr_self", "llm.err_addr_private"}
    for lang in ("de", "en"):
        strings = load_ui_strings(lang)  # type: ignore[arg-type]
        assert sorted(needed - set(strings)) == [], lang


# ------------------------------------------------------------------------------------------------ local run
LOCAL = {"Host": "localhost:8501", "Origin": "http://localhost:8501"}


@pytest.mark.parametrize(
    ("browser_url", "ip", "headers", "local_run"),
    [
        ("http://localhost:8501/playground", None, LOCAL, True),
        ("http://127.0.0.1:8501/", None, {"host": "127.0.0.1:8501"}, True),
        ("http://[::1]:8501/", None, {"Host": "[::1]:8501"}, True),
        # loopback in every form decides the same way
        ("http://127.0.0.1:8501/", "::ffff:127.0.0.1", {"Host": "127.0.0.1:8501"}, True),
        ("http://127.0.0.2:8501/", "127.0.0.2", {"Host": "127.0.0.2:8501"}, True),
        ("http://[::ffff:127.0.0.1]:8501/", "::ffff:127.0.0.1", {"Host": "[::ffff:127.0.0.1]:8501"}, True),
        ("http://[::1]:8501/", "::1", {"Host": "[::1]:8501", "Origin": "http://[::1]:8501"}, True),
        ("http://localhost.:8501/", None, {"Host": "localhost.:8501"}, True),
        ("http://10.0.0.2:8501/", "::ffff:10.0.0.7", {"Host": "10.0.0.2:8501"}, False),
        ("http://127.0.0.1:8501/", "::ffff:10.0.0.7", {"Host": "127.0.0.1:8501"}, False),
        ("http://2130706433:8501/", None, {"Host": "2130706433:8501"}, False),  # no numeric guessing
        (None, None, {}, False),  # no browser session at all (bare mode, a hand-made client)
        (None, None, LOCAL, False),  # no browser address reported
        ("http://localhost:8501/", None, {}, False),  # no handshake headers
        ("https://my-course.streamlit.app/playground", None, LOCAL, False),  # a proxy on the same host
        ("http://localhost:8501/", "203.0.113.7", LOCAL, False),  # a remote client faking the host name
        ("http://192.168.1.20:8501/", "192.168.1.30", {"Host": "192.168.1.20:8501"}, False),
        ("http://localhost:8501/", None, {**LOCAL, "X-Forwarded-For": "203.0.113.7"}, False),
        ("http://localhost:8501/", None, {**LOCAL, "x-forwarded-proto": "https"}, False),
        ("http://localhost:8501/", None, {**LOCAL, "Forwarded": "for=203.0.113.7"}, False),
        ("http://localhost:8501/", None, {**LOCAL, "X-Real-IP": "203.0.113.7"}, False),
        ("http://localhost:8501/", None, {"Host": "course.example.org"}, False),  # proxy kept the Host
        ("http://localhost:8501/", None, {"Host": "localhost:8501", "Origin": "https://evil.example"}, False),
        ("http://localhost:8501/", None, {"Host": "localhost.evil.example"}, False),
    ],
)
def test_is_local_run(
    browser_url: str | None, ip: str | None, headers: dict[str, str], local_run: bool
) -> None:
    assert servers.is_local_run(browser_url, ip, headers) is local_run


# ------------------------------------------------------------------------------------------------ policy
@pytest.mark.parametrize(
    ("section", "local_run", "allow", "prefixes", "reason"),
    [
        (None, True, True, (), "local"),
        (None, False, False, (), "hosted"),
        ({}, False, False, (), "hosted"),
        ({"allow_custom_servers": True}, False, True, (), "secrets"),
        ({"allow_custom_servers": False}, True, False, (), "secrets"),
        (
            {"allowed_server_urls": ["http://10.0.0.5:8000/v1/"]},
            False,
            True,
            ("http://10.0.0.5:8000/v1",),
            "secrets",
        ),
        (
            {"allow_custom_servers": False, "allowed_server_urls": ["http://10.0.0.5:8000/v1"]},
            True,
            False,
            ("http://10.0.0.5:8000/v1",),
            "secrets",
        ),
    ],
)
def test_server_policy(
    section: dict[str, object] | None, local_run: bool, allow: bool, prefixes: tuple[str, ...], reason: str
) -> None:
    policy = servers.server_policy(section, local_run=local_run)
    assert (policy.allow_custom, policy.allowed_prefixes, policy.reason) == (allow, prefixes, reason)
    assert policy.local_run is local_run


@pytest.mark.parametrize(
    "section",
    [{"allow_custom_servers": "yes"}, {"allowed_server_urls": "http://x/v1"}, {"allowed_server_urls": [1]}],
)
def test_malformed_policy_is_reported(section: dict[str, object]) -> None:
    with pytest.raises(UserInputError) as info:
        servers.server_policy(section, local_run=True)
    assert info.value.key == "llm.err_policy_config"


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://10.0.0.5:8000/v1", None),
        ("http://10.0.0.5:8000/v1/", None),
        ("http://10.0.0.5:8000/v1/chat", None),
        ("HTTP://10.0.0.5:8000/v1", None),
        ("http://10.0.0.5:8000/v1evil", "llm.err_url_not_allowed"),  # a string prefix, not a path
        ("http://10.0.0.5:8000/v", "llm.err_url_not_allowed"),
        ("http://10.0.0.5:8001/v1", "llm.err_url_not_allowed"),
        ("http://10.0.0.5/v1", "llm.err_url_not_allowed"),  # port 80, not 8000
        ("https://10.0.0.5:8000/v1", "llm.err_url_not_allowed"),
        ("http://[::ffff:10.0.0.5]:8000/v1", "llm.err_url_not_allowed"),  # another host, by parse
        ("http://169.254.169.254/latest", "llm.err_url_not_allowed"),
        ("http://10.0.0.5:8000@169.254.169.254/v1", "llm.err_url_credentials"),
        ("http://10.0.0.5.evil.example:8000/v1", "llm.err_url_not_allowed"),
        ("http://10.0.0.5:8000/v1/../../latest", "llm.err_url_path"),
        ("http://10.0.0.5:8000/v1/%2e%2e/%2e%2e/latest", "llm.err_url_path"),
        ("http://012.0.0.5:8000/v1", "llm.err_url_ip_form"),
    ],
)
def test_allow_list_matches_the_parsed_url(url: str, key: str | None) -> None:
    policy = servers.server_policy({"allowed_server_urls": ["http://10.0.0.5:8000/v1"]}, local_run=False)
    if key is None:
        assert servers.check_server_url(url, policy).startswith("http://10.0.0.5:8000/v1")
    else:
        with pytest.raises(UserInputError) as info:
            servers.check_server_url(url, policy)
        assert info.value.key == key


@pytest.mark.parametrize(
    ("entry", "url"),
    [
        ("http://10.0.0.5:80/v1", "http://10.0.0.5/v1"),  # the scheme's default port, written or not
        ("https://llm.example.org/v1", "https://llm.example.org:443/v1"),
        ("http://[0:0::1]:11434/v1", "http://[::1]:11434/v1"),
        ("http://llm.example.org./v1", "http://LLM.example.org/v1/"),
        ("http://10.0.0.5:8000", "http://10.0.0.5:8000/v1"),  # the whole server
    ],
)
def test_allow_list_entries_equal_after_parsing(entry: str, url: str) -> None:
    policy = servers.server_policy({"allowed_server_urls": [entry]}, local_run=False)
    servers.check_server_url(url, policy)  # does not raise


def test_disabled_policy_refuses_every_url() -> None:
    with pytest.raises(UserInputError) as info:
        servers.check_server_url("http://127.0.0.1:11434/v1", servers.server_policy(None, local_run=False))
    assert info.value.key == "llm.err_custom_disabled"


# -------------------------------------------------------------------------------------------- check_server
NAMES = {
    "llm.example.org": ["93.184.215.14"],
    "v6.example.org": ["2606:4700::6810:85e5"],
    "inside.example.org": ["10.1.2.3"],
    "loop.example.org": ["127.0.0.1"],
    "mapped.example.org": ["::ffff:127.0.0.1"],
    "meta.example.org": ["169.254.169.254"],
    "meta6.example.org": ["fd00:ec2::254"],
    "mixed.example.org": ["93.184.215.14", "10.0.0.1"],  # one bad address is enough to refuse
    "scoped.example.org": ["fe80::1%eth0"],
    "nothing.example.org": [],
    "garbage.example.org": ["not-an-address"],
    "own.example.org": ["192.0.2.50"],
}
OPEN = {"allow_custom_servers": True}  # the owner opened custom servers, with no allow-list


@pytest.mark.parametrize(
    ("url", "section", "local_run", "result"),
    [
        # a hosted session, custom servers opened without an allow-list
        ("http://llm.example.org/v1", OPEN, False, ("93.184.215.14",)),
        ("http://v6.example.org/v1", OPEN, False, ("2606:4700::6810:85e5",)),
        ("http://8.8.8.8/v1", OPEN, False, ("8.8.8.8",)),  # a literal is not resolved
        ("http://169.254.169.254/latest", OPEN, False, "llm.err_addr_link_local"),
        ("http://[fd00:ec2::254]/latest", OPEN, False, "llm.err_addr_link_local"),
        ("http://[::ffff:169.254.169.254]/latest", OPEN, False, "llm.err_addr_link_local"),
        ("http://[::ffff:a9fe:a9fe]/latest", OPEN, False, "llm.err_addr_link_local"),
        ("http://[fe80::1]/v1", OPEN, False, "llm.err_addr_link_local"),
        ("http://meta.example.org/v1", OPEN, False, "llm.err_addr_link_local"),
        ("http://meta6.example.org/v1", OPEN, False, "llm.err_addr_link_local"),
        ("http://scoped.example.org/v1", OPEN, False, "llm.err_addr_link_local"),
        ("http://0.0.0.0:11434/v1", OPEN, False, "llm.err_addr_unspecified"),
        ("http://[::]:11434/v1", OPEN, False, "llm.err_addr_unspecified"),
        ("http://224.0.0.251/v1", OPEN, False, "llm.err_addr_multicast"),
        ("http://10.0.0.1/v1", OPEN, False, "llm.err_addr_private"),
        ("http://192.168.1.30:11434/v1", OPEN, False, "llm.err_addr_private"),
        ("http://127.0.0.1:11434/v1", OPEN, False, "llm.err_addr_private"),
        ("http://[::1]:11434/v1", OPEN, False, "llm.err_addr_private"),
        ("http://localhost:11434/v1", OPEN, False, "llm.err_addr_private"),
        ("http://inside.example.org/v1", OPEN, False, "llm.err_addr_private"),
        ("http://loop.example.org/v1", OPEN, False, "llm.err_addr_private"),
        ("http://mapped.example.org/v1", OPEN, False, "llm.err_addr_private"),
        ("http://mixed.example.org/v1", OPEN, False, "llm.err_addr_private"),
        ("http://own.example.org:22/v1", OPEN, False, "llm.err_addr_private"),  # this host's address
        ("http://nowhere.example.org/v1", OPEN, False, "llm.err_url_unresolved"),
        ("http://nothing.example.org/v1", OPEN, False, "llm.err_url_unresolved"),
        ("http://garbage.example.org/v1", OPEN, False, "llm.err_url_unresolved"),
        # the owner lists a private server: that one is allowed, metadata never
        (
            "http://inside.example.org/v1",
            {"allowed_server_urls": ["http://inside.example.org/v1"]},
            False,
            ("10.1.2.3",),
        ),
        ("http://10.0.0.1/v1", {"allowed_server_urls": ["http://10.0.0.1/v1"]}, False, ("10.0.0.1",)),
        (
            "http://meta.example.org/v1",
            {"allowed_server_urls": ["http://meta.example.org"]},
            False,
            "llm.err_addr_link_local",
        ),
        (
            "http://169.254.169.254/v1",
            {"allowed_server_urls": ["http://169.254.169.254"]},
            False,
            "llm.err_addr_link_local",
        ),
        # a local run: loopback and private are fine, the app's own port and metadata are not
        ("http://localhost:11434/v1", None, True, ("127.0.0.1",)),
        ("http://inside.example.org/v1", None, True, ("10.1.2.3",)),
        ("http://127.0.0.1:8501/v1", None, True, "llm.err_addr_self"),
        ("http://[::ffff:127.0.0.1]:8501/v1", None, True, "llm.err_addr_self"),
        ("http://127.0.0.2:8501/v1", None, True, "llm.err_addr_self"),
        ("http://own.example.org:8501/v1", None, True, "llm.err_addr_self"),
        ("http://169.254.169.254/latest", None, True, "llm.err_addr_link_local"),
        ("http://[::]:11434/v1", None, True, "llm.err_addr_unspecified"),
        # custom servers off
        ("http://llm.example.org/v1", None, False, "llm.err_custom_disabled"),
    ],
)
def test_check_server(
    url: str, section: dict[str, object] | None, local_run: bool, result: str | tuple[str, ...]
) -> None:
    table = {**NAMES, "localhost": ["127.0.0.1"]}
    policy = servers.server_policy(section, local_run=local_run, app_port=8501, own_addresses=["192.0.2.50"])
    if isinstance(result, tuple):
        checked = servers.check_server(url, policy, resolve=stub(table))
        assert checked.addresses == result
        assert checked.pin.addresses == result
    else:
        with pytest.raises(UserInputError) as info:
            servers.check_server(url, policy, resolve=stub(table))
        assert info.value.key == result
        if result.startswith("llm.err_addr_"):
            assert info.value.params["url"] == servers.normalize_server_url(url)


def test_the_message_names_the_address_a_name_leads_to() -> None:
    policy = servers.server_policy(OPEN, local_run=False)
    with pytest.raises(UserInputError) as info:
        servers.check_server("http://[::ffff:169.254.169.254]/", policy, resolve=stub({}))
    assert info.value.params == {"url": "http://[::ffff:a9fe:a9fe]", "address": "::ffff:169.254.169.254"}
    with pytest.raises(UserInputError) as info:
        servers.check_server("http://loop.example.org:9/v1", policy, resolve=stub(NAMES))
    assert info.value.params == {"url": "http://loop.example.org:9/v1", "address": "127.0.0.1"}


# ------------------------------------------------------------------------------------------------ acceptance
class Listener:
    """A TCP listener on loopback that counts every connection it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", free_port_in_range()))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_hosted_session_with_open_servers_refuses_internal_targets_and_sends_nothing(
    lang: str, listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Acceptance (issue 17): ``allow_custom_servers = true`` and no allow-list on a hosted session."""
    from tests.apptest import open_page, plain

    # the name resolves to the listener's address; the literal targets are pointed at its port too
    monkeypatch.setattr(servers, "system_resolver", stub({"internal.example.org": ["127.0.0.1"]}))
    strings = load_ui_strings(lang)  # type: ignore[arg-type]
    at = open_page("pages/playground.py", lang)
    at.secrets["playground"] = {"allow_custom_servers": True}
    at.radio(key="pg_a_kind").set_value("server").run()
    assert strings["playground.server_public_only"] in [c.value for c in at.caption]  # said beforehand
    at.text_area(key="pg_user").input("hi")
    p = listener.port
    for url, key in (
        (f"http://169.254.169.254:{p}/latest", "llm.err_addr_link_local"),
        (f"http://[fd00:ec2::254]:{p}/latest", "llm.err_addr_link_local"),
        (f"http://[::ffff:169.254.169.254]:{p}/latest", "llm.err_addr_link_local"),
        (f"http://10.0.0.1:{p}/v1", "llm.err_addr_private"),
        (f"http://internal.example.org:{p}/v1", "llm.err_addr_private"),
        (f"http://127.0.0.1:{p}/v1", "llm.err_addr_private"),
    ):
        at.text_input(key="pg_server_url").input(url)
        at.button(key="pg_run").click().run()
        assert not at.exception
        head = strings[key].split("{address}")[1].split(".")[0]  # the sentence after the address
        errors = [plain(e.value) for e in at.error]
        assert any(head.strip() in e for e in errors), (url, errors)
    assert listener.connections == 0


def test_the_listener_would_have_seen_a_listed_server(
    listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control for the test above: the same flow with the server on the allow-list reaches it."""
    from tests.apptest import open_page

    monkeypatch.setattr(servers, "system_resolver", stub({"internal.example.org": ["127.0.0.1"]}))
    url = f"http://internal.example.org:{listener.port}/v1"
    at = open_page("pages/playground.py", "en")
    at.secrets["playground"] = {"allowed_server_urls": [url]}
    at.radio(key="pg_a_kind").set_value("server").run()
    at.text_input(key="pg_server_url").input(url)
    at.text_area(key="pg_user").input("hi")
    at.button(key="pg_run").click().run()
    assert not at.exception
    assert listener.connections >= 1
    assert any("Cannot reach the server" in e.value for e in at.error)  # it hung up without an answer


# ------------------------------------------------------------------------------------------------ pinning
def test_the_client_connects_only_to_the_checked_address() -> None:
    """``llm.test`` has no DNS entry (.test is reserved): the request reaches the fake server only through
    the pinned address, and the Host header still names the URL's host."""
    fake = fake_openai.start(free_port_in_range())
    try:
        port = int(fake.server.server_address[1])
        calls: list[str] = []

        def once(host: str, _port: int) -> Sequence[str]:
            calls.append(host)
            return ["127.0.0.1"] if len(calls) == 1 else ["169.254.169.254"]  # a rebinding DNS answer

        policy = servers.server_policy(
            {"allowed_server_urls": [f"http://llm.test:{port}/v1"]}, local_run=False
        )
        checked = servers.check_server(f"http://llm.test:{port}/v1", policy, resolve=once)
        backend = remote.compatible_backend(checked.url, "echo", None, pin=checked.pin)
        request = ChatRequest.from_prompts("", "hi", temperature=0.0, top_p=1.0, max_tokens=8)
        list(backend.stream(request))
        assert calls == ["llm.test"]  # resolved once, by the policy
        assert fake.requests[-1].headers["host"] == f"llm.test:{port}"
    finally:
        fake.close()


def test_a_pinned_client_refuses_any_other_host() -> None:
    fake = fake_openai.start(free_port_in_range())
    try:
        port = int(fake.server.server_address[1])
        pin = Pin(host="other.test", port=port, addresses=("127.0.0.1",))
        backend = remote.compatible_backend(fake.url, "echo", None, pin=pin)
        request = ChatRequest.from_prompts("", "hi", temperature=0.0, top_p=1.0, max_tokens=8)
        with pytest.raises(UserInputError) as info:
            list(backend.stream(request))
        assert info.value.key == "llm.err_unreachable"
        assert fake.requests == []
    finally:
        fake.close()


# ------------------------------------------------------------------------------------------------ TLS
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def tls_server() -> Iterator[tuple[int, list[str]]]:
    """An HTTPS server on 127.0.0.1 with a test certificate for ``llm.test``; records the SNI names."""
    import ssl
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(DATA / "tls-llm-test.pem", DATA / "tls-llm-test.key")

    def note_name(_sock: object, name: str | None, _ctx: object) -> None:
        seen.append(str(name))

    context.sni_callback = note_name  # type: ignore[assignment]
    server = ThreadingHTTPServer(("127.0.0.1", free_port_in_range()), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1]), seen
    server.shutdown()
    server.server_close()


def test_tls_to_a_pinned_address_checks_the_certificate_against_the_urls_name(
    tls_server: tuple[int, list[str]],
) -> None:
    import ssl

    import httpx2

    from core.llm.pinning import pinned_http_client

    port, seen = tls_server
    trust = ssl.create_default_context(cafile=str(DATA / "tls-llm-test.pem"))
    with pinned_http_client(Pin("llm.test", port, ("127.0.0.1",)), timeout_s=5, verify=trust) as client:
        assert client.get(f"https://llm.test:{port}/v1/models").text == "ok"
    assert seen == ["llm.test"]  # the server name sent is the URL's host, not the pinned address
    # the same address under another name: the certificate does not match, so nothing is sent
    other = Pin("other.test", port, ("127.0.0.1",))
    with (
        pinned_http_client(other, timeout_s=5, verify=trust) as client,
        pytest.raises(httpx2.ConnectError) as info,
    ):
        client.get(f"https://other.test:{port}/v1/models")
    assert "certificate" in str(info.value).lower() or "hostname" in str(info.value).lower()


# ------------------------------------------------------------------------------------------------ any input
def test_any_text_as_a_url_is_a_url_or_a_message() -> None:
    """No input makes the policy raise anything but a ``UserInputError`` (the page shows it as a message)."""
    from hypothesis import given, settings
    from hypothesis import strategies as hs

    policy = servers.server_policy(OPEN, local_run=False)
    pieces = hs.sampled_from(
        ["http://", "https://", "[", "]", ":", "@", ".", "0x", "0", "7", "%", "/", "xn--"]
    )
    texts = hs.one_of(hs.text(max_size=60), hs.lists(pieces | hs.text(max_size=4)).map("".join))

    @settings(max_examples=300, deadline=None, database=None)
    @given(texts)
    def check(text: str) -> None:
        with contextlib.suppress(UserInputError):
            servers.check_server(text, policy, resolve=stub({}))

    check()
