"""Free text is inert: HTML typed into any field (or put into the URL) never runs and shows literally."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import FREE_TEXT_FIELDS, FreeTextField, Walk

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

PAYLOADS = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"]


_TEXT_OUTSIDE_FIELDS = """() => {
  const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
  main.querySelectorAll('input, textarea').forEach(el => el.remove());
  return main.textContent;
}"""


def _assert_inert(walk: Walk, payload: str, where: str) -> None:
    sp = walk.sp
    injected = sp.page.evaluate(
        """() => [...document.querySelectorAll('img[src="x"], script')]
                 .filter(el => el.tagName === 'IMG' || el.textContent.includes('alert(1)')).length"""
    )
    assert injected == 0, f"{where}: payload {payload!r} became markup"
    assert sp.problems.dialogs == [], f"{where}: dialog opened: {sp.problems.dialogs}"


@pytest.mark.parametrize("field", FREE_TEXT_FIELDS, ids=lambda f: f.name)
@pytest.mark.parametrize("lang", ["en"])
def test_free_text_field_is_inert(walk_for: Callable[[str], Walk], field: FreeTextField, lang: str) -> None:
    walk = walk_for(lang)
    sp = walk.sp
    label = walk.t(field.label_key)
    for n, payload in enumerate(PAYLOADS):
        sp.goto(field.path, **dict(field.query))
        if field.setup is not None:
            field.setup(walk)
        sp.type_text(label, payload)
        box = sp.main().get_by_label(label, exact=True)
        assert box.input_value() == payload, "the learner's input is kept as typed"
        if field.echoed:  # shown literally on the page, not only inside the field
            expect(sp.main()).to_contain_text(payload)
            shown = sp.page.evaluate(_TEXT_OUTSIDE_FIELDS)
            assert payload in shown, f"{field.name}: payload not shown literally outside the field"
        _assert_inert(walk, payload, field.name)
        walk.check(f"xss-{field.name}-{n}")


@pytest.mark.parametrize("payload", PAYLOADS, ids=["img", "script"])
def test_url_parameters_are_inert(walk_for: Callable[[str], Walk], payload: str) -> None:
    """A crafted share link: an unknown ?lesson= is named literally in a warning; a bad ?lang= falls back."""
    walk = walk_for("de")
    sp = walk.sp
    sp.goto("lessons", lesson=payload)
    warning = sp.main().get_by_test_id("stAlert").first
    expect(warning).to_have_text(walk.t("lessons.unknown", lesson=payload))
    sp.expect_h1(walk.course.lessons[0].meta.title)
    _assert_inert(walk, payload, "?lesson=")
    walk.check(f"xss-url-lesson-{PAYLOADS.index(payload)}")

    sp.goto_url(f"{sp.base_url}/glossary?lang={payload}")
    assert "lang=de" in sp.page.url or "lang=en" in sp.page.url, sp.page.url
    _assert_inert(walk, payload, "?lang=")
    walk.check(f"xss-url-lang-{PAYLOADS.index(payload)}")
