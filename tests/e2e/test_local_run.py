"""The app opened at 127.0.0.1 and at [::1] is a local run, whatever form loopback takes on the way.

The server listens on ``::`` (IPv6 with dual stack), as a host that binds every address does: a browser at
http://127.0.0.1:<port> then arrives as ``::ffff:127.0.0.1``, one at http://[::1]:<port> as ``::1``. Both
must count as this machine, so the playground offers the learner's own server (without owner settings) and
reaches one on loopback. Servers started here use ports 9300-9399."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from core import i18n
from tests import fake_openai
from tests.e2e.driver import StreamlitPage
from tests.e2e.harness import StreamlitServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def _free(first: int, last: int) -> int:
    for port in range(first, last + 1):
        with socket.socket(socket.AF_INET6) as sock:
            try:
                sock.bind(("::", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{last}")


@pytest.fixture(scope="module")
def dual_stack_server() -> Iterator[StreamlitServer]:
    srv = StreamlitServer("app.py", address="::", port=_free(9350, 9399))
    try:
        srv.start(timeout=90)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield srv
    srv.stop()


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]"])
def test_the_app_opened_on_loopback_is_a_local_run(
    host: str, dual_stack_server: StreamlitServer, browser: Any
) -> None:
    t = i18n.translator("en")
    fake = fake_openai.start(_free(9300, 9349))
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    try:
        sp = StreamlitPage(ctx.new_page(), f"http://{host}:{dual_stack_server.port}", "en")
        sp.goto("playground")
        with sp.expect_run():
            sp.main().get_by_text(t("playground.kind_server"), exact=True).first.click()
        sp.settle()
        url_box = sp.main().get_by_label(t("playground.server_url"), exact=True)
        expect(url_box).to_be_enabled()
        hosted = t("playground.server_off_hosted").split(":")[0]
        assert hosted not in sp.main().inner_text(), "told that the app runs on a shared host"
        # and the learner's server on loopback is reached (allowed on a local run without an allow-list)
        sp.type_text(t("playground.server_url"), fake.url)
        sp.type_text(t("playground.server_model"), "echo")
        sp.type_text(t("playground.user"), "hello from " + host)
        sp.click_button(t("playground.run"), timeout_ms=60_000)
        assert fake.requests, "the request reached the server on loopback"
        assert fake.requests[-1].headers["host"] == fake.url.split("/")[2]
        sp.check(f"local-run-{host.strip('[]').replace(':', '-')}")
    finally:
        ctx.close()
        fake.close()
