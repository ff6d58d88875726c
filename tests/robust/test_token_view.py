"""The token view's ids toggle (AppTest): ids under every token without hovering."""

from __future__ import annotations

from tests.apptest import open_page


def _view(at: object) -> str:
    return next(m.value for m in at.markdown if 'class="tok-view"' in m.value)  # type: ignore[attr-defined]


def test_the_ids_toggle_writes_ids_under_the_tokens() -> None:
    at = open_page("pages/tokens.py", "en")
    assert 'class="tok-id"' not in _view(at)
    at.toggle(key="tok_ids").set_value(True).run()
    assert not at.exception
    view = _view(at)
    assert view.count('class="tok-id"') >= 10
    at.radio(key="tok_mode").set_value("chat").run()
    assert 'class="tok-id"' in _view(at)  # every view honours it
