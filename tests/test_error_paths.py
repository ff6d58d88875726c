"""Bad input a learner, a crafted link or a broken file can cause: a localized message, never a traceback."""

from __future__ import annotations

import json

import pytest

from core import prices, progress
from core.errors import UserInputError
from core.i18n import translator
from features.simulator import scenario
from tests.apptest import PAGES, open_page

DEEP_JSON = b"[" * 100_000  # fits the upload limits; json.loads raises RecursionError on it
LONG_INT = b"9" * 5_000  # int() refuses more than 4300 digits with a ValueError


# ------------------------------------------------------------------------------------------ progress files
@pytest.mark.parametrize(
    ("data", "key"),
    [
        (DEEP_JSON, "progress.err_not_progress"),
        (LONG_INT, "progress.err_not_progress"),
        (
            json.dumps(
                {
                    "format": progress.FORMAT,
                    "version": progress.VERSION,
                    "lessons_read": [],
                    "quiz_scores": {"a": {"correct": 1, "total": "X"}},
                }
            )
            .replace('"X"', LONG_INT.decode())
            .encode(),
            "progress.err_field",
        ),
    ],
    ids=["deep", "long-int", "long-int-in-field"],
)
def test_hostile_progress_files_get_a_message(data: bytes, key: str) -> None:
    with pytest.raises(UserInputError) as info:
        progress.from_json(data, ["a"])
    assert info.value.key == key


def test_uploading_a_hostile_progress_file_shows_a_message_not_a_traceback() -> None:
    at = open_page("pages/home.py", "en")
    at.session_state["sidebar_exp_save"] = True  # the uploader is drawn while the box is open
    at.run()
    at.file_uploader(key="sidebar_upload").set_value(("progress.json", DEEP_JSON, "application/json"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert translator("en")("progress.err_not_progress") in [e.value for e in at.error]


# ------------------------------------------------------------------------------------------ simulator files
MODELS = scenario.Models(base=tuple(prices.base_models()), fine_tunable=tuple(prices.finetunable_models()))


@pytest.mark.parametrize(
    ("importer", "data", "key"),
    [
        (scenario.import_json, DEEP_JSON, "simulator.import_no_scenario"),
        (scenario.import_json, b'{"rpd": ' + LONG_INT + b"}", "simulator.import_bad_value"),
        (
            scenario.import_csv,
            b'section,name,value\nscenario,rpd,"' + b"1" * 150_000 + b'"\n',
            "simulator.import_bad_csv",
        ),
    ],
    ids=["json-deep", "json-long-int", "csv-huge-field"],
)
def test_hostile_scenario_files_get_a_message(importer: object, data: bytes, key: str) -> None:
    assert callable(importer)
    with pytest.raises(UserInputError) as info:
        importer(data, MODELS)
    assert info.value.key == key


# ------------------------------------------------------------------------------------------ query parameters
BAD_VALUES = ["<script>alert(1)</script>", "1e309", "-1", "\u202e\u0000ä" * 50, "9" * 400]
PARAMS = [
    "lesson",
    "pair",
    "mode",
    "sample",
    "a",
    "preset",
    "panel",
    "rpd",
    "instr",
    "epochs",
    "months",
    "lang",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("value", BAD_VALUES, ids=["html", "inf", "negative", "unicode", "long-number"])
def test_bad_query_parameters_never_raise(page: str, value: str) -> None:
    query = {name: value for name in PARAMS if name != "lang"}
    at = open_page(page, "de", **query)
    assert not at.exception, [e.value for e in at.exception]
    at.query_params["lang"] = value  # an unknown language falls back, it does not fail
    at.run()
    assert not at.exception, [e.value for e in at.exception]
