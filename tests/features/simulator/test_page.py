"""The cost simulator page, driven through Streamlit's AppTest."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import translator
from features.simulator import presets
from tests.apptest import open_page, texts

PAGE = "pages/simulator.py"


def headline(at: AppTest) -> str:
    """The break-even headline (success, info or warning above the cost table)."""
    for kind in ("success", "info", "warning"):
        for el in getattr(at, kind):
            if "pays off" in el.value or "rechnet sich" in el.value:
                return str(el.value)
    raise AssertionError("no break-even headline: " + texts(at)[:500])


def query(at: AppTest) -> dict[str, str]:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def slider(at: AppTest, param: str) -> int:
    """The value of an input's slider (the default view: one slider per count input)."""
    return int(at.select_slider(key=f"sim_{param}_sl").value)


MORE = ("prices", "discounts", "oneoff", "currency")  # the groups inside the one "more" box


def open_group(at: AppTest, name: str) -> AppTest:
    """Expand a collapsed input group (its inputs are only drawn while it is open)."""
    at.session_state[f"sim_exp_{'more' if name in MORE else name}"] = True
    return at.run()


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("preset_id", presets.PRESET_IDS)
def test_every_preset_renders(preset_id: str, lang: str) -> None:
    at = open_page(PAGE, lang, preset=preset_id)
    no_exception(at)
    preset = presets.find(presets.load_presets(lang), preset_id)  # type: ignore[arg-type]
    assert preset is not None
    assert at.selectbox(key="sim_preset").value == preset_id
    assert any(preset.description in c.value for c in at.caption)
    assert slider(at, "rpd") == preset.values["rpd"]
    assert slider(at, "out") == preset.values["out"]
    headline(at)  # the cost panel shows its verdict
    assert len(at.get("plotly_chart")) == 1  # the cumulative cost (other charts sit in closed tabs)
    assert query(at)["preset"] == preset_id


def test_moving_a_slider_changes_the_break_even() -> None:
    at = open_page(PAGE, "en")
    before = headline(at)
    at.select_slider(key="sim_rpd_sl").set_value(5000).run()
    no_exception(at)
    after = headline(at)
    assert after != before
    assert query(at)["rpd"] == "5000"
    assert all(w.key != "sim_rpd" for w in at.text_input)  # one widget per input: no number entries


def test_exact_values_swap_sliders_for_number_entries() -> None:
    at = open_page(PAGE, "en")
    before = headline(at)
    at.toggle(key="sim_exact").set_value(True).run()
    no_exception(at)
    assert not at.select_slider  # number entries instead of sliders
    assert at.text_input(key="sim_rpd").value == "1000"
    open_group(at, "finetune")
    assert at.text_input(key="sim_horizon").value == "12"
    at.text_input(key="sim_rpd").input("3333").run()
    no_exception(at)
    assert headline(at) != before
    assert query(at)["rpd"] == "3333"
    # back to sliders: the typed value stays (the slider shows it as an extra step) and in the URL
    at.toggle(key="sim_exact").set_value(False).run()
    no_exception(at)
    assert slider(at, "rpd") == 3333
    assert query(at)["rpd"] == "3333"
    # a slider move, then number entries again: they show the slider's value, not the old typed one
    at.select_slider(key="sim_rpd_sl").set_value(5000).run()
    at.toggle(key="sim_exact").set_value(True).run()
    assert at.text_input(key="sim_rpd").value == "5000"
    assert query(at)["rpd"] == "5000"


def test_an_off_grid_link_value_is_kept_by_the_slider() -> None:
    at = open_page(PAGE, "en", rpd="1234")
    assert slider(at, "rpd") == 1234
    at.select_slider(key="sim_out_sl").set_value(300).run()  # another input moves
    assert slider(at, "rpd") == 1234 and query(at)["rpd"] == "1234"


def test_low_volume_and_long_retraining_say_never() -> None:
    at = open_page(PAGE, "en", preset="startup")
    assert "never pays off" in headline(at)


def test_a_url_restores_the_scenario() -> None:
    at = open_page(PAGE, "en", rpd="1234", instr="900", shots="2", base="gpt-4o", horizon="24", cache="1",
                   epochs="4", cur="EUR", rate="0.9", panel="latency")  # fmt: skip
    no_exception(at)
    assert not at.warning
    assert slider(at, "rpd") == 1234
    assert slider(at, "instr") == 900
    assert slider(at, "shots") == 2
    open_group(at, "finetune")
    assert at.selectbox(key="sim_base").value == "gpt-4o"
    assert slider(at, "horizon") == 24
    assert at.checkbox(key="sim_epochs_auto").value is False
    assert slider(at, "epochs") == 4
    # the latency panel is open: its inputs and chart are drawn
    assert at.text_input(key="sim_prefill").value == "3000"
    assert any("time to first token" in c.value for c in at.caption)
    # the URL still holds the scenario after the run
    q = query(at)
    assert (q["rpd"], q["base"], q["horizon"]) == ("1234", "gpt-4o", "24")
    assert (q["panel"], q["cur"], q["cache"]) == ("latency", "EUR", "1")
    open_group(at, "discounts")
    assert at.toggle(key="sim_cache").value is True


def test_euro_amounts() -> None:
    at = open_page(PAGE, "de", cur="EUR", rate="0.5")
    no_exception(at)
    table = next(m.value for m in at.markdown if "Kosten pro Anfrage" in m.value)
    assert "€" in table and "$" not in table


def test_bad_query_values_give_a_message_and_defaults() -> None:
    at = open_page(PAGE, "en", rpd="-5", shots="abc", out="1e12", base="nope", preset="zzz", panel="x",
                   lora_r="0")  # fmt: skip
    no_exception(at)
    message = " ".join(w.value for w in at.warning)
    for param in ("rpd", "shots", "out", "base", "zzz", "lora_r", "`x`"):
        assert param in message
    assert slider(at, "rpd") == 1000
    assert slider(at, "shots") == 5
    assert slider(at, "out") == 200
    open_group(at, "finetune")
    assert at.selectbox(key="sim_base").value == "gpt-6-luna"
    headline(at)  # the page still computes
    assert set(query(at)) == {"lang"}  # the bad values are gone from the URL


def test_bad_query_values_in_german() -> None:
    at = open_page(PAGE, "de", rpd="viele")
    no_exception(at)
    assert "keine Zahl" in " ".join(w.value for w in at.warning)


def test_preset_selector_fills_the_inputs() -> None:
    at = open_page(PAGE, "en")
    at.selectbox(key="sim_preset").set_value("classification").run()
    no_exception(at)
    assert slider(at, "rpd") == 100000
    assert slider(at, "shots") == 20
    assert query(at) == {"lang": "en", "preset": "classification"}
    at.select_slider(key="sim_out_sl").set_value(7).run()
    assert query(at) == {"lang": "en", "preset": "classification", "out": "7"}


def test_peft_panel_from_the_url() -> None:
    at = open_page(PAGE, "en", panel="peft")
    no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Trainable LoRA parameters"] == "41,943,040"  # Llama-3.1-8B, r=16, all seven matrices
    at.select_slider(key="sim_lora_r_sl").set_value(32).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Trainable LoRA parameters"] == "83,886,080"
    assert query(at)["lora_r"] == "32" and query(at)["panel"] == "peft"


def test_peft_panel_in_german_formats_numbers() -> None:
    at = open_page(PAGE, "de", panel="peft", peft_model="llama-3.2-1b", lora_r="8", lora_t="q,v")
    no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Trainierbare LoRA-Parameter"] == "851.968"  # 16 * 8 * (4096 + 2560)


def test_price_override_changes_cost_and_url() -> None:
    at = open_page(PAGE, "en")
    before = headline(at)
    open_group(at, "prices")
    assert any("as of" in c.value for c in at.caption)  # the catalogue's source and date are shown
    at.text_input(key="sim_f_out").input("50").run()
    no_exception(at)
    assert query(at)["f_out"] == "50"
    assert "never pays off" in headline(at) and headline(at) != before
    # another model to fine-tune: its price inputs start at the catalogue's prices again
    open_group(at, "finetune")
    at.selectbox(key="sim_ft").set_value("gpt-4.1-mini").run()
    no_exception(at)
    assert "f_out" not in query(at) and query(at)["ft"] == "gpt-4.1-mini"
    assert at.text_input(key="sim_f_out").value != "50"


def test_explicit_epochs() -> None:
    at = open_page(PAGE, "en")
    open_group(at, "finetune")
    at.checkbox(key="sim_epochs_auto").uncheck().run()
    assert slider(at, "epochs") == 3  # starts at the number OpenAI's rule picks for 500 examples
    at.select_slider(key="sim_epochs_sl").set_value(6).run()
    no_exception(at)
    assert any("6 epochs" in m.value for m in at.markdown)  # the table's notes
    assert query(at)["epochs"] == "6"


def test_scenario_survives_a_language_switch() -> None:
    at = open_page(PAGE, "en")
    at.select_slider(key="sim_rpd_sl").set_value(4000).run()
    at.sidebar.selectbox(key="sidebar_lang_select").set_value("de").run()
    no_exception(at)
    assert at.title[0].value == "Kosten- und Latenzsimulator"
    assert slider(at, "rpd") == 4000


def test_json_import_changes_the_scenario() -> None:
    at = open_group(open_group(open_page(PAGE, "en"), "finetune"), "share")
    payload = json.dumps({"scenario": {"rpd": 777, "horizon": 36, "cache": True}}).encode()
    at.file_uploader(key="sim_upload").set_value(("s.json", payload, "application/json")).run()
    no_exception(at)
    assert slider(at, "rpd") == 777
    assert slider(at, "horizon") == 36
    assert any("imported" in s.value for s in at.success)
    assert query(at)["rpd"] == "777"


def test_bad_import_gives_a_message_and_changes_nothing() -> None:
    at = open_group(open_group(open_page(PAGE, "en", rpd="250"), "finetune"), "share")
    payload = json.dumps({"scenario": {"rpd": 777, "horizon": -3}}).encode()
    at.file_uploader(key="sim_upload").set_value(("s.json", payload, "application/json")).run()
    no_exception(at)
    assert any("horizon" in e.value and "Nothing was changed" in e.value for e in at.error)
    assert slider(at, "rpd") == 250
    assert slider(at, "horizon") == 12


def test_export_buttons_are_offered() -> None:
    at = open_group(open_page(PAGE, "en"), "share")
    labels = [b.label for b in at.get("download_button") if "scenario" in b.label]
    assert len(labels) == 2


def test_currency_group_switches_to_euro() -> None:
    at = open_group(open_page(PAGE, "en"), "currency")
    at.radio(key="sim_cur").set_value("EUR").run()
    at.text_input(key="sim_rate").input("0.5").run()
    no_exception(at)
    table = next(m.value for m in at.markdown if "Cost per request" in m.value)
    assert "€" in table
    assert query(at)["cur"] == "EUR" and query(at)["rate"] == "0.5"


def test_closed_groups_keep_their_values() -> None:
    at = open_page(PAGE, "en", host="1.5", batch="1")
    assert at.get("toggle") == [] or all(x.key != "sim_batch" for x in at.toggle)  # group closed
    at.select_slider(key="sim_rpd_sl").set_value(2000).run()
    q = query(at)
    assert (q["host"], q["batch"], q["rpd"]) == ("1.5", "1", "2000")
    open_group(at, "discounts")
    assert at.toggle(key="sim_batch").value is True
    assert at.text_input(key="sim_host").value == "1.5"


def test_sensitivity_tab() -> None:
    at = open_page(PAGE, "de", preset="classification", panel="sensitivity")
    no_exception(at)
    assert len(at.get("plotly_chart")) == 1
    assert any(
        "Zusammenfassung des Diagramms" in c.value and "Anfragen pro Tag" in c.value for c in at.caption
    )


def test_switching_tabs_updates_the_url() -> None:
    at = open_page(PAGE, "en")
    assert [tab.label for tab in at.tabs][:4] == ["Costs", "Break-even vs volume", "Latency", "PEFT / LoRA"]
    at.session_state["sim_tab"] = "Latency"
    at.run()
    no_exception(at)
    assert query(at).get("panel") == "latency"
    assert at.text_input(key="sim_prefill").value == "3000"  # the latency inputs are drawn
    at.sidebar.selectbox(key="sidebar_lang_select").set_value("de").run()
    no_exception(at)
    assert query(at).get("panel") == "latency"  # the open tab survives the language switch
    assert any("Zeit bis zum ersten Token" in c.value for c in at.caption)


def test_quick_break_even_is_given_in_days() -> None:
    at = open_page(PAGE, "en", preset="classification", prep="0", eval="0", eng_h="0")
    assert "pays off within" in headline(at) and "days" in headline(at)


def test_bad_query_value_is_echoed_literally_once() -> None:
    """The value sits in a code span: shown as typed, neither HTML-escaped twice nor able to end the span."""
    at = open_page(PAGE, "en", rpd="<b>lots`</b>")
    no_exception(at)
    shown = " ".join(w.value for w in at.warning)
    assert "`<b>lots'</b>`" in shown
    assert "&lt;" not in shown


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_closed_training_group_says_what_it_is_set_to(lang: str) -> None:
    at = open_page(PAGE, lang, base="gpt-4o", epochs="4", retrain="6", horizon="24")
    no_exception(at)
    assert not any(w.key == "sim_base" for w in at.selectbox)  # closed: its inputs are not drawn
    t = translator(lang)  # type: ignore[arg-type]
    summary = next(c.value for c in at.caption if "gpt" in c.value and "4o" in c.value)
    assert ("4 Epochen" if lang == "de" else "4 epochs") in summary
    assert ("alle 6 Monate" if lang == "de" else "every 6 months") in summary
    assert "24" in summary
    assert query(at)["base"] == "gpt-4o"  # the closed group's values still count
    open_group(at, "finetune")
    assert at.selectbox(key="sim_base").value == "gpt-4o"
    assert not any(c.value == summary for c in at.caption)
    assert t("simulator.group_finetune") in [e.label for e in at.expander]
