"""A Playwright page wrapped for Streamlit: knows when a script run has finished, records console errors,
page errors and dialogs, and checks a page for exception elements.

Waiting is event-driven: the wrapper reads Streamlit's own websocket messages (``script_finished`` and
``session_status_changed``) and then waits for the running indicator (``stStatusWidget``) and stale elements
to disappear — no fixed sleeps.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.harness import SCREENSHOTS

# Script runs that ended because another run replaced them are not "done".
_DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}

# The only console errors we tolerate, each with the reason:
# - Opening a page by its own URL (e.g. /lessons?lang=de) makes Streamlit's frontend probe
#   <page>/_stcore/health and <page>/_stcore/host-config before it finds the server's base path at /; the two
#   probes answer 404 and Chromium logs "Failed to load resource". Harmless and known upstream
#   (https://github.com/streamlit/streamlit/issues/7074). Only these two exact endpoints under a page path are
#   ignored; any other failed resource still fails the test.
_IGNORED_RESOURCE_404 = re.compile(r"^https?://[^/]+/[a-z0-9_-]+/_stcore/(health|host-config)$")

# Counts, in the page, every websocket message the app's own code has received: a listener added before the
# app's, so once the count matches the frames seen on the network, the app has handled them all.
_COUNT_PAGE_FRAMES = """
(() => {
  window.__stFrames = 0;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { window.__stFrames += 1; });
    }
  };
})();
"""
# Resolves once the document has not changed for ``quiet`` ms (or after ``limit`` ms: something that animates
# forever must not hang the test; the checks that follow still run).
_DOM_QUIET = """([quiet, limit]) => new Promise((resolve) => {
  let timer;
  const done = () => { observer.disconnect(); clearTimeout(cap); resolve(true); };
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quiet); });
  const cap = setTimeout(done, limit);
  observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  timer = setTimeout(done, quiet);
})"""
QUIET_MS = 120
MAX_QUIET_WAIT_MS = 5_000
_FRONTEND_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]');
}"""
EXCEPTION = '[data-testid="stException"]'

# Accessibility: every chart needs a short text summary next to it: a caption, text, alert, expander or table
# right before or after the chart — or, when the chart is alone in its block (a column, a bordered container),
# right before or after that block. Returns a description of each chart without one.
_CHARTS_WITHOUT_SUMMARY = """() => {
  const CHART = ['stPlotlyChart', 'stVegaLiteChart', 'stArrowVegaLiteChart', 'stDeckGlJsonChart',
                 'stGraphVizChart', 'stPyplot', 'stImage'];
  const TEXT = '[data-testid="stCaptionContainer"], [data-testid="stMarkdownContainer"], '
             + '[data-testid="stAlert"], [data-testid="stExpander"], [data-testid="stTable"], '
             + '[data-testid="stDataFrame"]';
  const hasText = (el) => !!el && [...el.querySelectorAll(TEXT)].some(t => t.innerText.trim().length >= 15);
  const BLOCK = '[data-testid="stVerticalBlock"], [data-testid="stHorizontalBlock"], '
              + '[data-testid="stColumn"]';
  const missing = [];
  const charts = [...document.querySelectorAll(CHART.map(c => `[data-testid="${c}"]`).join(','))];
  for (const chart of charts) {
    let node = chart.closest('[data-testid="stElementContainer"]');
    let ok = false;
    for (let level = 0; node && level < 3 && !ok; level++) {
      ok = hasText(node.previousElementSibling) || hasText(node.nextElementSibling);
      const alone = !node.previousElementSibling && !node.nextElementSibling;
      node = alone && node.parentElement ? node.parentElement.closest(BLOCK) : null;
    }
    if (!ok) missing.push(chart.dataset.testid + ' #' + charts.indexOf(chart));
  }
  return missing;
}"""


@dataclass
class Problems:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


class StreamlitPage:
    """One browser tab on the app; ``base_url`` is the server's root (``http://127.0.0.1:<port>``)."""

    def __init__(self, page: Any, base_url: str, lang: str, timeout_ms: float = 30_000) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.lang = lang
        self.timeout_ms = timeout_ms
        self.runs_done = 0
        self.frames = 0  # websocket frames received since the last page load
        self.running = False
        self.problems = Problems()
        page.set_default_timeout(timeout_ms)
        page.on("websocket", self._on_websocket)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.problems.page_errors.append(str(exc)))
        page.on("dialog", self._on_dialog)
        page.add_init_script(_COUNT_PAGE_FRAMES)
        # HTTP requests still open (lazily loaded widget code, images, ...), by URL.
        self.inflight: dict[int, str] = {}
        page.on("request", lambda req: self.inflight.__setitem__(id(req), req.url))
        page.on("requestfinished", lambda req: self.inflight.pop(id(req), None))
        page.on("requestfailed", lambda req: self.inflight.pop(id(req), None))

    # ------------------------------------------------------------------------------------------- events
    def _on_websocket(self, ws: Any) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: Any) -> None:
        self.frames += 1
        if not isinstance(payload, bytes | bytearray):
            return
        msg = ForwardMsg()
        msg.ParseFromString(bytes(payload))
        kind = msg.WhichOneof("type")
        if kind == "script_finished" and msg.script_finished in _DONE:
            self.runs_done += 1
        elif kind == "session_status_changed":
            self.running = msg.session_status_changed.script_is_running

    def _on_console(self, msg: Any) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if msg.text.startswith("Failed to load resource") and _IGNORED_RESOURCE_404.match(url):
            self.problems.ignored.append(f"{msg.text} ({url})")
            return
        self.problems.console_errors.append(f"{msg.text} ({url})" if url else msg.text)

    def _on_dialog(self, dialog: Any) -> None:
        self.problems.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    # ------------------------------------------------------------------------------------------ waiting
    @contextmanager
    def expect_run(self, timeout_ms: float | None = None) -> Iterator[None]:
        """Wrap an action that makes Streamlit rerun; returns once the run finished and the page settled."""
        before = self.runs_done
        yield
        timeout = timeout_ms or self.timeout_ms
        self.wait_until(lambda: self.runs_done > before, timeout, "a Streamlit run to finish")
        self.settle(timeout)

    def settle(self, timeout_ms: float | None = None) -> None:
        """Wait until no run is in progress, the running indicator is gone and no element is stale."""
        timeout = timeout_ms or self.timeout_ms
        self.wait_until(lambda: not self.running, timeout, "the session to stop running")
        # The frames above are seen on the network; the app's code in the page handles them a moment later.
        # Wait until it has received them all, then until its own state (stApp's data-test-script-state) is
        # idle with nothing running or stale.
        self.page.wait_for_function("n => (window.__stFrames || 0) >= n", arg=self.frames, timeout=timeout)
        self.page.wait_for_function(_FRONTEND_IDLE, timeout=timeout)
        # Widget code is loaded lazily the first time a kind of widget appears (Plotly, sliders, ...), and
        # React renders it a moment later: wait for those requests, then for the page to stop changing.
        self.wait_until(lambda: not self.inflight, timeout, "lazily loaded files to arrive")
        self.page.evaluate(_DOM_QUIET, [QUIET_MS, MAX_QUIET_WAIT_MS])

    def wait_until(self, cond: Callable[[], bool], timeout_ms: float | None, what: str) -> None:
        deadline = time.monotonic() + (timeout_ms or self.timeout_ms) / 1000
        while not cond():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what} ({self.page.url})")
            # Lets Playwright dispatch websocket events while we wait.
            self.page.wait_for_timeout(25)

    # --------------------------------------------------------------------------------------- navigation
    def url(self, path: str = "", **query: str) -> str:
        params = {"lang": self.lang, **query}
        return f"{self.base_url}/{path.lstrip('/')}?{urlencode(params)}"

    def goto(self, path: str = "", **query: str) -> None:
        """Open ``/<path>?lang=<lang>&...`` as a fresh page load and wait for the first run to finish."""
        self.goto_url(self.url(path, **query))

    def goto_url(self, url: str) -> None:
        """Load ``url`` as a new document (a pasted link) and wait for the first run to finish."""
        self.runs_done = 0
        self.frames = 0
        self.page.goto(url)
        self.wait_until(lambda: self.runs_done > 0, self.timeout_ms, "the first Streamlit run to finish")
        self.settle()
        self.page.locator("h1").first.wait_for()

    def nav_click(self, title: str) -> None:
        """Click a page in the sidebar navigation (as a learner would)."""
        link = self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
        with self.expect_run():
            link.click()

    # ------------------------------------------------------------------------------------------ widgets
    def main(self) -> Any:
        return self.page.get_by_test_id("stMain")

    def sidebar(self) -> Any:
        return self.page.get_by_test_id("stSidebar")

    def select(self, label: str, option: str, scope: Any | None = None) -> None:
        """Choose ``option`` in the selectbox labelled ``label``."""
        box = (scope or self.page).get_by_role("combobox", name=label, exact=True)
        box.click()
        with self.expect_run():
            self.page.get_by_role("option", name=option, exact=True).click()

    def type_text(self, label: str, text: str, scope: Any | None = None) -> None:
        """Type into a text input or text area and commit it (Enter / Ctrl+Enter), waiting for the rerun."""
        field_ = (scope or self.main()).get_by_label(label, exact=True)
        field_.fill(text)
        is_area = field_.evaluate("el => el.tagName") == "TEXTAREA"
        with self.expect_run():
            field_.press("Control+Enter" if is_area else "Enter")

    def click_button(self, name: str, scope: Any | None = None, timeout_ms: float | None = None) -> None:
        with self.expect_run(timeout_ms):
            (scope or self.main()).get_by_role("button", name=name, exact=True).click()

    def h1(self) -> str:
        return str(self.main().locator("h1").first.inner_text()).strip()

    def expect_h1(self, text: str) -> None:
        """The page title is ``text`` (retrying briefly, as the frontend may still be painting)."""
        expect(self.main().locator("h1").first).to_have_text(text)

    def expect_text(self, text: str, scope: Any | None = None) -> None:
        expect(scope or self.main()).to_contain_text(text)

    # ------------------------------------------------------------------------------------------- checks
    def screenshot(self, name: str) -> str:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return str(path)

    def check(self, name: str) -> None:
        """Screenshot the page, then fail on any Streamlit exception, console error, page error or dialog,
        and on a chart without a text summary next to it."""
        shot = self.screenshot(name)
        exceptions = self.page.locator(EXCEPTION)
        found = [exceptions.nth(i).inner_text() for i in range(exceptions.count())]
        messages = []
        if found:
            messages.append("Streamlit exception element(s):\n" + "\n---\n".join(found))
        if self.problems.console_errors:
            messages.append("browser console errors:\n" + "\n".join(self.problems.console_errors))
        if self.problems.page_errors:
            messages.append("uncaught page errors:\n" + "\n".join(self.problems.page_errors))
        if self.problems.dialogs:
            messages.append("dialogs opened:\n" + "\n".join(self.problems.dialogs))
        bare_charts = self.page.evaluate(_CHARTS_WITHOUT_SUMMARY)
        if bare_charts:
            messages.append("charts without a text summary next to them: " + ", ".join(bare_charts))
        assert not messages, f"[{name}] at {self.page.url} (screenshot {shot}):\n" + "\n\n".join(messages)
