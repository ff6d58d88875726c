"""Messages that name the problem (issue 17), each in both languages: a whole-file JSON array or object in the
data lab, one upload limit, number fields read strictly, an over-long paste, a UTF-8 byte order mark in every
file the app reads, and strict imports that are strict."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from core import progress as prog
from core.errors import UserInputError
from core.i18n import Lang, translator
from core.numbers import decimal_text, parse_decimal, parse_whole
from features.datalab import parsing, wholefile
from features.simulator import catalogue
from features.simulator import scenario as scn
from tests.apptest import open_page, plain

ROOT = Path(__file__).resolve().parent.parent
LANGS: tuple[Lang, ...] = ("de", "en")
BOM = b"\xef\xbb\xbf"
EXAMPLE = {
    "messages": [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
    ]
}


def errors(at: object) -> list[str]:
    return [plain(e.value) for e in at.error]  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------------------ data lab
@pytest.mark.parametrize(
    ("data", "key", "params"),
    [
        (json.dumps([EXAMPLE, EXAMPLE], indent=2).encode(), "datalab.err_json_array", {"n": 2, "lines": 26}),
        (json.dumps([EXAMPLE]).encode(), "datalab.err_json_array", {"n": 1, "lines": 1}),
        (BOM + json.dumps([EXAMPLE], indent=1).encode(), "datalab.err_json_array", {"n": 1, "lines": 14}),
        (json.dumps(EXAMPLE, indent=2).encode(), "datalab.err_json_object", {"lines": 12}),
        (b"[]", "datalab.err_json_array", {"n": 0, "lines": 1}),
        ((json.dumps(EXAMPLE) + "\n").encode(), None, None),  # one example on one line: JSONL
        ((json.dumps(EXAMPLE) + "\n" + json.dumps(EXAMPLE)).encode(), None, None),
        (b'[{"a": 1},\n{"a": 2}', None, None),  # broken: the line-by-line findings explain it
        (b"\xff[1]", None, None),  # not UTF-8: the reader names the byte
        (b"  \n", None, None),
    ],
)
def test_whole_file_json_is_recognised(data: bytes, key: str | None, params: dict[str, int] | None) -> None:
    if key is None:
        wholefile.check_not_whole_json(data)
        return
    with pytest.raises(UserInputError) as info:
        wholefile.check_not_whole_json(data)
    assert (info.value.key, info.value.params) == (key, params)


@pytest.mark.parametrize("lang", LANGS)
def test_datalab_says_a_pretty_printed_array_is_not_jsonl(lang: Lang) -> None:
    tr = translator(lang)
    data = json.dumps([EXAMPLE] * 3, indent=2)  # 44 lines, each a JSON error on its own
    at = open_page("pages/datalab.py", lang)
    at.radio(key="dl_source").set_value("upload").run()
    at.file_uploader(key="dl_upload").set_value(("examples.json", data.encode(), "application/json"))
    at.run()
    assert not at.exception
    expected = plain(tr("datalab.err_json_array", n=3, lines=data.count("\n") + 1))
    assert expected in errors(at)
    assert "JSONL" in expected
    at.radio(key="dl_source").set_value("paste").run()
    pasted = json.dumps(EXAMPLE, indent=2)
    at.text_area(key="dl_paste").input(pasted).run()
    at.button(key="dl_paste_check").click().run()
    assert plain(tr("datalab.err_json_object", lines=pasted.count("\n") + 1)) in errors(at)


def test_one_upload_limit() -> None:
    """Streamlit's own check uses the app's number, and the app states it in the upload label first."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit_mb = parsing.MAX_FILE_BYTES // 1024 // 1024
    assert limit_mb * 1024 * 1024 == parsing.MAX_FILE_BYTES
    assert config["server"]["maxUploadSize"] == limit_mb
    for lang in LANGS:
        at = open_page("pages/datalab.py", lang)
        at.radio(key="dl_source").set_value("upload").run()
        uploader = at.file_uploader(key="dl_upload")
        assert uploader.proto.max_upload_size_mb == limit_mb
        assert f"{limit_mb} MB" in uploader.proto.label


@pytest.mark.parametrize("lang", LANGS)
def test_a_file_over_the_limit_gets_its_size_and_the_limit(lang: Lang) -> None:
    with pytest.raises(UserInputError) as info:
        parsing.decode(b"x" * (3 * 1024 * 1024 + 1), max_bytes=3 * 1024 * 1024)
    text = translator(lang)(info.value.key, **info.value.params)
    assert "4 MB" in text and "3 MB" in text


# ------------------------------------------------------------------------------------------------ numbers
@pytest.mark.parametrize(
    ("text", "lang", "result"),
    [
        ("256", "en", 256),
        (" 4096 ", "de", 4096),
        ("1,024", "en", 1024),
        ("1.024", "de", 1024),
        ("1 024", "en", 1024),
        ("1\u202f024", "de", 1024),
        ("0001", "en", 1),
        ("1e9", "en", "common.err_number_form"),
        ("1E3", "de", "common.err_number_form"),
        ("10.5", "en", "common.err_number_form"),
        ("10,5", "de", "common.err_number_form"),
        ("1.024", "en", "common.err_number_form"),  # a decimal point in English
        ("1,024", "de", "common.err_number_form"),  # a decimal comma in German
        ("1,02", "en", "common.err_number_form"),
        ("-5", "en", "common.err_number_form"),
        ("+5", "en", "common.err_number_form"),
        ("", "en", "common.err_number_form"),
        ("12 tokens", "en", "common.err_number_form"),
        ("٣", "en", "common.err_number_form"),  # another script's digit
        ("0x10", "en", "common.err_number_form"),
        ("0", "en", "common.err_number_range"),
        ("4097", "en", "common.err_number_range"),
        ("1000000000", "en", "common.err_number_range"),
        ("9" * 5000, "en", "common.err_number_range"),
    ],
)
def test_whole_numbers_are_read_strictly(text: str, lang: Lang, result: int | str) -> None:
    if isinstance(result, int):
        assert parse_whole(text, 1, 4096, lang, "Max") == result
        return
    with pytest.raises(UserInputError) as info:
        parse_whole(text, 1, 4096, lang, "Max")
    assert info.value.key == result
    assert info.value.params["lo"] == 1 and info.value.params["hi"] == 4096
    assert len(str(info.value.params["text"])) <= 40


@pytest.mark.parametrize(
    ("text", "lang", "result"),
    [
        ("2.5", "en", 2.5),
        ("2,5", "de", 2.5),
        ("0,15", "de", 0.15),
        ("1,000.25", "en", 1000.25),
        ("1.000,25", "de", 1000.25),
        ("1000", "de", 1000.0),
        ("2,5", "en", "common.err_decimal_form"),  # would be 25 in Streamlit's number field
        ("2.5", "de", "common.err_decimal_form"),
        ("1e9", "en", "common.err_decimal_form"),
        ("inf", "en", "common.err_decimal_form"),
        ("nan", "de", "common.err_decimal_form"),
        ("-1", "en", "common.err_decimal_form"),
        (".5", "en", "common.err_decimal_form"),
        ("", "de", "common.err_decimal_form"),
        ("20000", "en", "common.err_decimal_range"),
    ],
)
def test_decimals_are_read_in_the_learners_notation(text: str, lang: Lang, result: float | str) -> None:
    if isinstance(result, float):
        assert parse_decimal(text, 0.0, 10_000.0, lang, "Price") == result
        assert parse_decimal(decimal_text(result, lang), 0.0, 10_000.0, lang, "Price") == result
        return
    with pytest.raises(UserInputError) as info:
        parse_decimal(text, 0.0, 10_000.0, lang, "Price")
    assert info.value.key == result


@pytest.mark.parametrize(("lang", "typed"), [("de", "2,5"), ("en", "2,5")])
def test_a_price_typed_with_a_comma_is_never_read_as_25(lang: Lang, typed: str) -> None:
    tr = translator(lang)
    from features.tokens.figures import DEFAULT_MODEL

    at = open_page("pages/tokens.py", lang)
    at.session_state[f"tok_exp_price_{DEFAULT_MODEL}_0"] = True  # the learner opens the price box
    at.run()
    at.toggle(key=f"tok_override_{DEFAULT_MODEL}_0").set_value(True)
    at.text_input(key=f"tok_price_in_{DEFAULT_MODEL}_0").input(typed)
    at.run()
    assert not at.exception
    price_lines = [c.value for c in at.caption if "2" in c.value]
    if lang == "de":  # 2,5 is two and a half dollars
        assert not errors(at)
        assert any("2,50" in line for line in price_lines), price_lines
    else:  # in English 2,5 is no number: refused with the field's name, the catalogue price stays
        assert any(tr("tokens.override_in") in e and "2,5" in e for e in errors(at)), errors(at)
        assert not any("25.00" in line for line in price_lines)


@pytest.mark.parametrize("lang", LANGS)
def test_1e9_as_max_output_tokens_is_refused_never_replaced(lang: Lang) -> None:
    from tests import fake_openai
    from tests.test_url_policy import free_port_in_range

    tr = translator(lang)
    fake = fake_openai.start(free_port_in_range())
    try:
        at = open_page("pages/playground.py", lang)
        at.secrets["playground"] = {"allowed_server_urls": [fake.url]}
        at.radio(key="pg_a_kind").set_value("server").run()
        at.text_input(key="pg_server_url").input(fake.url)
        at.text_input(key="pg_a_server_model").input("echo")
        at.text_input(key="pg_max_tokens").input("1e9").run()
        label = tr("playground.max_tokens")
        expected = plain(tr("common.err_number_form", field=label, text="1e9", lo="1", hi="4096"))
        expected = expected.replace("4096", "4.096" if lang == "de" else "4,096")
        assert expected in errors(at), errors(at)  # under the field at once
        assert at.text_input(key="pg_max_tokens").value == "1e9"  # kept as typed, not replaced
        at.text_area(key="pg_user").input("hi")
        at.button(key="pg_run").click().run()
        assert not at.exception
        assert fake.requests == []  # refused, not sent with another number
        at.text_input(key="pg_max_tokens").input("5000").run()
        assert any(label in e and "5000" in e for e in errors(at))
        at.text_input(key="pg_max_tokens").input("8").run()
        at.button(key="pg_run").click().run()
        assert fake.requests and fake.requests[-1].body["max_tokens"] == 8
    finally:
        fake.close()


# ------------------------------------------------------------------------------------------------ paste
@pytest.mark.parametrize("lang", LANGS)
def test_an_over_long_paste_is_refused_with_its_size_and_the_limit(lang: Lang) -> None:
    tr = translator(lang)
    at = open_page("pages/tokens.py", lang)
    at.text_area(key="tok_text").input("a" * 2_000_000).run()
    assert not at.exception
    size, limit = ("2.000.000", "1.000.000") if lang == "de" else ("2,000,000", "1,000,000")
    assert plain(tr("tokens.err_too_long", n=size, limit=limit)) in errors(at)
    assert at.text_area(key="tok_text").value == "a" * 2_000_000  # kept: the learner can shorten it


# ------------------------------------------------------------------------------------------------ BOM
def _progress_bytes() -> bytes:
    return prog.to_json(prog.Progress()).encode("utf-8")


def test_every_file_the_app_reads_accepts_a_utf8_bom() -> None:
    models = catalogue.models()
    assert prog.from_json(BOM + _progress_bytes(), []) == prog.Progress()
    assert prog.from_json((BOM + _progress_bytes()).decode("utf-8"), []) == prog.Progress()
    assert scn.import_json(BOM + b'{"rpd": 5}', models).requests_per_day == 5  # type: ignore[attr-defined]
    assert scn.import_csv(BOM + b"section,name,value\nscenario,rpd,5\n", models) == scn.import_json(
        b'{"rpd": 5}', models
    )
    line = json.dumps(EXAMPLE).encode()
    assert parsing.parse_jsonl(BOM + line + b"\n").records[0].value == EXAMPLE


@pytest.mark.parametrize("lang", LANGS)
def test_a_progress_file_saved_with_a_bom_resumes(lang: Lang) -> None:
    at = open_page("pages/home.py", lang)
    at.session_state["sidebar_exp_save"] = True  # the uploader is drawn while the box is open
    at.run()
    at.file_uploader(key="sidebar_upload").set_value(
        ("progress.json", BOM + _progress_bytes(), "application/json")
    )
    at.run()
    assert not at.exception
    assert translator(lang)("progress.upload_ok") in [s.value for s in at.success]
    assert errors(at) == []


# ------------------------------------------------------------------------------------------------ strict
@pytest.mark.parametrize(
    ("payload", "ok"),
    [
        ({"rpd": 5}, True),
        ({"rpd": True}, False),  # documented as strict: true is no number
        ({"rpd": False}, False),
        ({"rpd": 5.5}, False),
        ({"rpd": None}, False),
        ({"rpd": [5]}, False),
    ],
)
def test_strict_import_is_strict(payload: dict[str, object], ok: bool) -> None:
    models = catalogue.models()
    if ok:
        scn.import_json(json.dumps(payload), models)
        return
    with pytest.raises(UserInputError) as info:
        scn.import_json(json.dumps(payload), models)
    assert info.value.key == "simulator.import_bad_value"
    assert info.value.params["param"] == "rpd"


def test_yes_no_parameters_take_only_true_or_false() -> None:
    models = catalogue.models()
    flags = [s.param for s in scn.SPECS if s.kind == "bool"]
    if not flags:
        return
    scn.import_json(json.dumps({flags[0]: True}), models)
    with pytest.raises(UserInputError):
        scn.import_json(json.dumps({flags[0]: 1}), models)


@pytest.mark.parametrize("lang", LANGS)
def test_the_simulator_says_true_is_not_a_valid_rpd(lang: Lang) -> None:
    from tests.features.simulator.test_page import open_group

    at = open_group(open_page("pages/simulator.py", lang), "share")
    at.file_uploader(key="sim_upload").set_value(("s.json", b'{"rpd": true}', "application/json"))
    at.run()
    assert not at.exception
    head = translator(lang)("simulator.import_bad_value", param="X", value="Y").split("X")[0]
    shown = [plain(m.value) for m in at.error]
    assert any(plain(head) in m and "rpd" in m and "True" in m for m in shown), shown


@pytest.mark.parametrize("lang", LANGS)
def test_simulator_number_entries_refuse_what_they_cannot_hold(lang: Lang) -> None:
    from tests.features.simulator.test_page import open_group, query

    at = open_page("pages/simulator.py", lang)
    at.toggle(key="sim_exact").set_value(True).run()
    at.text_input(key="sim_rpd").input("1e9").run()
    assert not at.exception
    named = "keine ganze Zahl" if lang == "de" else "not a whole number"
    assert any("1e9" in e and named in e for e in errors(at)), errors(at)
    assert "rpd" not in query(at)  # the scenario keeps its value: nothing was replaced
    assert at.text_input(key="sim_rpd").value == "1e9"  # what was typed stays, with its message
    open_group(at, "prices")
    at.text_input(key="sim_f_out").input("2,5" if lang == "de" else "2.5").run()
    assert not at.exception
    assert query(at)["f_out"] == "2.5"


def test_no_page_uses_streamlits_number_field() -> None:
    """``st.number_input`` changes what was typed in the browser (1e9 -> 1, 10.5 -> 10, 2,5 -> 25)."""
    import ast

    offenders = []
    for path in sorted([*(ROOT / "features").rglob("*.py"), *(ROOT / "ui").rglob("*.py"), ROOT / "app.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "number_input":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_any_text_in_a_number_field_is_a_number_or_a_message() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as hs

    @settings(max_examples=300, deadline=None, database=None)
    @given(hs.text(max_size=40), hs.sampled_from(LANGS))
    def check(text: str, lang: Lang) -> None:
        for parse in (parse_whole, parse_decimal):
            try:
                value = parse(text, 0, 10_000, lang, "F")
            except UserInputError:
                continue
            assert 0 <= value <= 10_000

    check()


def test_a_typed_number_follows_a_language_switch() -> None:
    """2,5 typed in German is 2.5 in English (and 1.000 is 1000, never 1.0)."""
    from features.tokens.figures import DEFAULT_MODEL

    at = open_page("pages/tokens.py", "de")
    at.session_state[f"tok_exp_price_{DEFAULT_MODEL}_0"] = True  # the learner opens the price box
    at.run()
    at.toggle(key=f"tok_override_{DEFAULT_MODEL}_0").set_value(True)
    at.text_input(key=f"tok_price_in_{DEFAULT_MODEL}_0").input("2,5")
    at.text_input(key=f"tok_price_out_{DEFAULT_MODEL}_0").input("1.000")
    at.run()
    at.sidebar.selectbox(key="sidebar_lang_select").set_value("en").run()
    assert not at.exception
    assert at.text_input(key=f"tok_price_in_{DEFAULT_MODEL}_0").value == "2.5"
    assert at.text_input(key=f"tok_price_out_{DEFAULT_MODEL}_0").value == "1000"
    assert errors(at) == []
