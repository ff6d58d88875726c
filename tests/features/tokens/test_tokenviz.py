"""features.tokens.tokenviz: pieces of split characters, visible whitespace, escaped spans, passages."""

from __future__ import annotations

import pytest

from features.tokens import tokenviz
from tests.test_tokens import EXPECTED_IDS, SAMPLES

# ------------------------------------------------------------------------------------------ display pieces


def test_pieces_group_split_characters() -> None:
    ids = EXPECTED_IDS["cl100k_base"]["emoji"]
    result = tokenviz.pieces(ids, "cl100k_base")
    # emoji are split into byte tokens; each piece gathers the tokens that form whole characters
    assert result == [
        tokenviz.Piece((79178,), "Hallo"),
        tokenviz.Piece((62904, 233), " 👋"),
        tokenviz.Piece((9468, 237, 121), "🏽"),
        tokenviz.Piece((46066,), " Welt"),
        tokenviz.Piece((11410, 236, 231), " 🎉"),
    ]
    assert "".join(p.text for p in result) == SAMPLES["emoji"]


def test_pieces_single_tokens_stay_single() -> None:
    result = tokenviz.pieces(EXPECTED_IDS["o200k_base"]["code"], "o200k_base")
    assert [p.ids for p in result] == [(i,) for i in EXPECTED_IDS["o200k_base"]["code"]]


def test_pieces_cut_mid_character_are_replaced_not_dropped() -> None:
    ids = EXPECTED_IDS["o200k_base"]["cookbook_japanese"]
    result = tokenviz.pieces(ids[:2], "o200k_base")  # second token is only half a character
    assert [p.ids for p in result] == [(8930,), (9697,)]
    assert result[1].text == "\ufffd"


@pytest.mark.parametrize(
    ("text", "visible"),
    [("a b", "a·b"), ("\t", "→"), ("x\ny", "x↵\ny"), ("\r\n", "␍↵\n"), ("no-space", "no-space")],
)
def test_show_whitespace(text: str, visible: str) -> None:
    assert tokenviz.show_whitespace(text) == visible


def test_spans_html_escapes_everything() -> None:
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    html_out = tokenviz.spans_html([tokenviz.Piece((1,), evil)], id_label='id"><b>')
    assert "<script>" not in html_out
    assert "<img" not in html_out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html_out
    assert 'title="id&quot;&gt;&lt;b&gt; 1"' in html_out


def test_spans_html_has_no_raw_line_breaks() -> None:
    """A blank line would end the HTML block in Markdown and let Markdown parse the text after it."""
    out = tokenviz.spans_html([tokenviz.Piece((1, 2), "a\n\n# b\r\n*c*")])
    assert "\n" not in out and "\r" not in out
    span = '<span class="tok0" title="id 1, 2">'
    assert f"{span}a</span><br><br>{span}# b</span><br>{span}*c*</span>" in out


def test_a_token_is_an_unbreakable_block_and_line_breaks_stay_outside_it() -> None:
    out = tokenviz.spans_html([tokenviz.Piece((5,), " the"), tokenviz.Piece((6,), "\n")])
    assert "display:inline-block" in tokenviz.stylesheet()
    assert '<span class="tok0" title="id 5"> the</span><span class="tok1" title="id 6"></span><br>' in out


@pytest.mark.parametrize(("show", "expected"), [(False, 0), (True, 2)])
def test_ids_are_shown_under_each_piece_on_request(show: bool, expected: int) -> None:
    out = tokenviz.spans_html(
        [tokenviz.Piece((17, 18), "ab"), tokenviz.Piece((9,), "c\nd")], id_label="ID", show_ids=show
    )
    assert out.count('class="tok-id"') == expected
    if show:
        assert '<span class="tok-id">17, 18</span>' in out and '<span class="tok-id">9</span>' in out
    assert 'title="ID 17, 18"' in out  # the hover stays


def test_spans_cycle_through_the_palette() -> None:
    out = tokenviz.spans_html([tokenviz.Piece((i,), "x") for i in range(9)])
    classes = [f'class="tok{i % len(tokenviz.PALETTE)}"' for i in range(9)]
    for cls in classes:
        assert cls in out
    assert out.count('class="tok0"') == 2


def test_passages_exist_in_both_languages_with_the_same_ids() -> None:
    de = tokenviz.load_passages("de")
    en = tokenviz.load_passages("en")
    assert [p.id for p in de] == [p.id for p in en]
    assert len(de) >= 2
