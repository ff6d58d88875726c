"""The browser checks themselves can fail: each detector is shown a real problem and must report it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.driver import StreamlitPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

_INJECT_CHART = """() => {
  const block = document.querySelector('[data-testid="stMain"] [data-testid="stVerticalBlock"]');
  const spacer = document.createElement('div');
  spacer.dataset.testid = 'stElementContainer';
  const box = document.createElement('div');
  box.dataset.testid = 'stElementContainer';
  box.innerHTML = '<div data-testid="stPlotlyChart"><svg width="10" height="10"></svg></div>';
  block.append(spacer, box);
}"""

_INJECT_EXCEPTION = """() => {
  const el = document.createElement('div');
  el.dataset.testid = 'stException';
  el.innerText = 'ZeroDivisionError: injected by the test';
  document.querySelector('[data-testid="stMain"]').appendChild(el);
}"""


@pytest.mark.parametrize(
    ("problem", "inject", "expected"),
    [
        ("console error", lambda p: p.evaluate("() => console.error('boom from test')"), "boom from test"),
        (
            "page error",
            lambda p: p.evaluate("() => setTimeout(() => { throw new Error('uncaught x') })"),
            "uncaught x",
        ),
        ("dialog", lambda p: p.evaluate("() => alert('hi')"), "alert: hi"),
        ("exception element", lambda p: p.evaluate(_INJECT_EXCEPTION), "injected by the test"),
        ("chart without summary", lambda p: p.evaluate(_INJECT_CHART), "without a text summary"),
    ],
)
def test_check_reports_problem(
    open_tab: Callable[[str], StreamlitPage], problem: str, inject: Callable[[object], None], expected: str
) -> None:
    sp = open_tab("en")
    sp.goto("")
    sp.check("harness-clean")  # the home page itself is clean
    inject(sp.page)
    sp.page.wait_for_timeout(100)  # let the browser deliver the console / error event
    with pytest.raises(AssertionError, match=expected):
        sp.check(f"harness-{problem.replace(' ', '-')}")
