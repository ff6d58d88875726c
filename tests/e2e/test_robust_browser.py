"""Issue 15 in a real browser: the language switch with untouched and edited fields, the token view with no
token split across lines at 390 px and 1280 px (checked from the element boxes), and the simulator's headline
above the fold on a phone. Runs its own server on a port of 9100-9199."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from core import i18n
from tests.e2e.driver import StreamlitPage
from tests.e2e.harness import HOST, StreamlitServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

PORT = 9137
DE, EN = i18n.translator("de"), i18n.translator("en")


@pytest.fixture(scope="module")
def robust_server() -> Iterator[StreamlitServer]:
    srv = StreamlitServer("app.py")
    srv.port, srv.url = PORT, f"http://{HOST}:{PORT}"
    try:
        srv.start(timeout=120)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield srv
    srv.stop()


@pytest.fixture
def tab(robust_server: StreamlitServer, browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def _open(lang: str, width: int = 1280, height: int = 900) -> StreamlitPage:
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale=lang)
        contexts.append(ctx)
        return StreamlitPage(ctx.new_page(), robust_server.url, lang, timeout_ms=90_000)

    yield _open
    for ctx in contexts:
        ctx.close()


def _switch_language(sp: StreamlitPage, from_lang: str, to_name: str) -> None:
    label = i18n.translator(from_lang)("common.language")  # type: ignore[arg-type]
    sp.select(label, to_name, scope=sp.sidebar())


def _area(sp: StreamlitPage, label: str) -> Any:
    return sp.main().get_by_label(label, exact=True)


# --------------------------------------------------------------------------------------- language switch
def test_language_switch_reloads_untouched_samples_and_keeps_edits(tab: Any) -> None:
    sp = tab("en")
    sp.goto("tokens")
    assert _area(sp, EN("tokens.text_label")).input_value() == EN("tokens.default_text")
    _switch_language(sp, "en", "Deutsch")
    assert _area(sp, DE("tokens.text_label")).input_value() == DE("tokens.default_text"), "untouched: follows"
    sp.type_text(DE("tokens.text_label"), "Mein eigener Satz zum Zählen.")
    _switch_language(sp, "de", "English")
    assert _area(sp, EN("tokens.text_label")).input_value() == "Mein eigener Satz zum Zählen.", "edited: kept"
    sp.expect_text(EN("common.sample_kept", language="English"))
    sp.click_button(EN("common.sample_load", language="English"))
    assert _area(sp, EN("tokens.text_label")).input_value() == EN("tokens.default_text")
    sp.check("robust-language-switch-tokens")


# -------------------------------------------------------------------------------------------- token view
_TOKEN_BOXES = """() => [...document.querySelectorAll('.tok-view > span')].map(el => {
  const rects = el.getClientRects();
  const box = el.getBoundingClientRect();
  return {rects: rects.length, top: Math.round(box.top), height: box.height, text: el.textContent};
})"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("ids", [False, True], ids=["plain", "ids"])
def test_no_token_is_split_across_lines(tab: Any, width: int, ids: bool) -> None:
    sp = tab("en", width=width)
    sp.goto("tokens")
    if ids:
        with sp.expect_run():
            sp.main().get_by_text(EN("tokens.ids_toggle"), exact=True).click()
    boxes = sp.page.evaluate(_TOKEN_BOXES)
    assert len(boxes) > 20, "the token view shows the sample's tokens"
    split = [b["text"] for b in boxes if b["rects"] != 1]
    assert not split, f"tokens split across lines at {width} px: {split[:5]}"
    one_line = min(b["height"] for b in boxes)
    tall = [b["text"] for b in boxes if b["height"] > one_line * 1.5]
    assert not tall, f"tokens wrapped inside their box at {width} px: {tall[:5]}"
    assert len({b["top"] for b in boxes}) > 1, "the view wraps onto several lines (else the check is empty)"
    if ids:
        assert sp.page.locator(".tok-view .tok-id").count() >= len(boxes) // 2
    sp.check(f"robust-token-view-{width}-{'ids' if ids else 'plain'}")


# ------------------------------------------------------------------------------------- simulator on a phone
def test_simulator_headline_is_above_the_fold_on_a_phone(tab: Any) -> None:
    sp = tab("en", width=390, height=844)
    sp.goto("simulator")
    alert = sp.main().get_by_test_id("stAlert").first
    alert.wait_for()
    box = alert.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, f"headline below the fold: {box}"
    first_input = sp.main().get_by_test_id("stExpander").first.bounding_box()
    assert first_input is not None and box["y"] < first_input["y"], "the headline comes before the inputs"
    table = sp.main().locator("table").first
    table.scroll_into_view_if_needed()
    width = table.evaluate("el => [el.scrollWidth, el.parentElement.clientWidth]")
    assert width[0] <= width[1] + 1, f"the cost table is wider than its column: {width}"
    sp.check("robust-simulator-390")
