"""In a real browser (Chromium): hostile text and model output show literally and never run or load anything.

AppTest only sees the Markdown/HTML source; this checks what Streamlit's frontend actually does with it:
the token explorer (the one place that renders HTML with ``unsafe_allow_html``), a crafted deep link, and
model output from an OpenAI-compatible server. Runs the app on 127.0.0.1 (which also proves the real
browser counts as a local run, so custom servers are allowed without owner settings).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests import fake_openai

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
IMG_PAYLOAD = '<img src=x onerror="window.__xss=1">'
SCRIPT_PAYLOAD = "<script>window.__xss=2</script>"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    port = fake_openai.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("streamlit did not start")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.dialogs = []  # every alert/confirm would be an executed script
    tab.foreign = []  # every request that leaves the app's own host
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on(
        "request",
        lambda r: tab.foreign.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None,
    )
    yield tab
    context.close()


def _wait_idle(tab: object) -> None:
    """Wait until the app has drawn something and no script run is in progress."""
    tab.wait_for_selector('[data-testid="stApp"]', timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    tab.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelectorAll('[data-testid=\"stMarkdown\"]').length > 0", timeout=TIMEOUT_MS
    )
    time.sleep(0.3)  # a run started by the last action shows its status widget
    tab.wait_for_selector(  # type: ignore[attr-defined]
        '[data-testid="stStatusWidget"]', state="detached", timeout=TIMEOUT_MS
    )


def test_token_explorer_shows_html_literally(app_url: str, page: object) -> None:
    tab = page
    tab.goto(f"{app_url}/tokens?lang=en")  # type: ignore[attr-defined]
    _wait_idle(tab)
    area = tab.get_by_label("Your text", exact=True)  # type: ignore[attr-defined]
    area.fill(f"{IMG_PAYLOAD} and {SCRIPT_PAYLOAD}")
    area.press("Control+Enter")
    tab.wait_for_function(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('.tok-view')].some(v => v.textContent.includes('onerror'))",
        timeout=TIMEOUT_MS,
    )
    view = tab.locator(".tok-view").first  # type: ignore[attr-defined]
    text = view.text_content()
    assert "<img" in text and "<script>" in text  # shown as text
    assert view.locator("img, script").count() == 0  # not elements
    time.sleep(0.5)
    assert tab.evaluate("() => window.__xss === undefined")  # type: ignore[attr-defined]
    assert tab.dialogs == []  # type: ignore[attr-defined]


def test_a_crafted_deep_link_loads_no_image_and_shows_no_link(app_url: str, page: object) -> None:
    tab = page
    crafted = quote("![x](http://evil.example/px.png) [enter your key](http://evil.example)")
    tab.goto(f"{app_url}/lessons?lang=en&lesson={crafted}")  # type: ignore[attr-defined]
    _wait_idle(tab)
    warning = tab.locator('[data-testid="stAlertContentWarning"]').first  # type: ignore[attr-defined]
    warning.wait_for(timeout=TIMEOUT_MS)
    assert "![x](http://evil.example/px.png)" in warning.text_content().replace("\u2060", "")
    assert warning.locator("img, a").count() == 0
    assert not [u for u in tab.foreign if "evil.example" in u]  # type: ignore[attr-defined]


def test_model_output_with_html_and_an_image_loads_nothing(app_url: str, page: object) -> None:
    fake = fake_openai.start()
    try:
        tab = page
        tab.goto(f"{app_url}/playground?lang=en")  # type: ignore[attr-defined]
        _wait_idle(tab)
        tab.get_by_text("Own server (OpenAI-compatible)").first.click()  # type: ignore[attr-defined]
        _wait_idle(tab)
        url_box = tab.get_by_label("Base URL", exact=True)  # type: ignore[attr-defined]
        # a real browser on this machine counts as a local run: custom servers are allowed
        expect(url_box).to_be_enabled(timeout=TIMEOUT_MS)
        for label, value in (
            ("Base URL", fake.url),
            ("Model name on the server", "image"),
            ("User prompt", "describe"),
        ):
            box = tab.get_by_label(label, exact=True)  # type: ignore[attr-defined]
            box.fill(value)
            box.press("Control+Enter" if label == "User prompt" else "Enter")
            _wait_idle(tab)
            expect(box).to_have_value(value)
        tab.get_by_role("button", name="Send").first.click()  # type: ignore[attr-defined]
        tab.wait_for_function(  # type: ignore[attr-defined]
            "() => document.body.innerText.includes('onerror=alert(1)')", timeout=TIMEOUT_MS
        )
        assert fake.requests and fake.requests[-1].body["model"] == "image"
        main = tab.locator('[data-testid="stMain"]')  # type: ignore[attr-defined]
        assert main.locator('img[src*="evil.example"], img[src="x"]').count() == 0
        time.sleep(0.5)
        assert not [u for u in tab.foreign if "evil.example" in u]  # type: ignore[attr-defined]
        assert tab.dialogs == []  # type: ignore[attr-defined]
    finally:
        fake.close()
