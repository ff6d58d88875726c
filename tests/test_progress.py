from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from core import i18n
from core import progress as prog
from core.errors import UserInputError

LESSONS = ["dilemma", "prompting"]


def _sample() -> prog.Progress:
    p = prog.Progress().mark_read("dilemma")
    return p.record_quiz("dilemma", 2, 3, {"q1": ["a"], "q3": ["a", "b"]})


def test_export_import_round_trip() -> None:
    original = _sample()
    restored = prog.from_json(prog.to_json(original).encode("utf-8"), LESSONS)
    assert restored == original
    assert restored.quiz_totals() == (2, 3)


def test_mark_read_is_idempotent() -> None:
    p = prog.Progress().mark_read("dilemma").mark_read("dilemma")
    assert p.lessons_read == ["dilemma"]
    assert p.share_read(LESSONS) == 0.5


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (b"\xff\xfe\x00binary", "progress.err_not_utf8"),
        (b"{not json", "progress.err_not_json"),
        (b"[]", "progress.err_not_progress"),
        (json.dumps({"format": "other"}).encode(), "progress.err_not_progress"),
        (json.dumps({"format": prog.FORMAT, "version": 99}).encode(), "progress.err_version"),
        (
            json.dumps({"format": prog.FORMAT, "version": 1, "lessons_read": "x"}).encode(),
            "progress.err_field",
        ),
        (
            json.dumps({"format": prog.FORMAT, "version": 1, "lessons_read": ["zzz"]}).encode(),
            "progress.err_unknown_lesson",
        ),
        (
            json.dumps(
                {"format": prog.FORMAT, "version": 1, "quiz_scores": {"dilemma": {"correct": 5, "total": 3}}}
            ).encode(),
            "progress.err_field",
        ),
        (json.dumps({"format": prog.FORMAT, "version": 1, "hacked": True}).encode(), "progress.err_field"),
        (b" " * (prog.MAX_UPLOAD_BYTES + 1), "progress.err_too_large"),
    ],
)
def test_invalid_upload_gives_a_localizable_error(raw: bytes, key: str) -> None:
    with pytest.raises(UserInputError) as info:
        prog.from_json(raw, LESSONS)
    assert info.value.key == key
    for lang in i18n.LANGS:  # the message exists and formats in both languages
        assert i18n.translator(lang)(info.value.key, **info.value.params)


def test_markdown_summary() -> None:
    t = i18n.translator("en")
    md = prog.to_markdown(
        _sample(),
        [("dilemma", "Two roads"), ("prompting", "Prompts")],
        t,
        now=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
    )
    assert "2026-01-02 03:04 UTC" in md
    assert "| Two roads | ✓ | 2/3 |" in md
    assert "| Prompts | – | – |" in md
    assert "Lessons completed (quiz passed): 1 of 2" in md


def test_quiz_attempts_and_pass_round_trip() -> None:
    p = prog.Progress().record_quiz("dilemma", 1, 4, {"q1": ["b"]}, {"q1": 2}, passed=False)
    back = prog.from_json(prog.to_json(p), ["dilemma"])
    assert back == p and back.quiz_scores["dilemma"].checks("q1") == 2
    assert back.quiz_scores["dilemma"].checks("q2") == 0


def test_a_file_without_attempts_still_loads_as_finished() -> None:
    raw = json.dumps(
        {
            "format": prog.FORMAT,
            "version": 1,
            "lessons_read": [],
            "quiz_scores": {"dilemma": {"correct": 0, "total": 4, "answers": {"q1": ["a"]}}},
        }
    )
    score = prog.from_json(raw, ["dilemma"]).quiz_scores["dilemma"]
    assert score.checks("q1") == prog.MAX_CHECKS and not score.passed


@pytest.mark.parametrize("n", [0, 3, -1])
def test_impossible_attempt_counts_are_refused(n: int) -> None:
    p = prog.Progress().record_quiz("dilemma", 0, 4, {"q1": ["a"]}, {"q1": 1})
    data = json.loads(prog.to_json(p))
    data["quiz_scores"]["dilemma"]["attempts"]["q1"] = n
    with pytest.raises(UserInputError) as info:
        prog.from_json(json.dumps(data), ["dilemma"])
    assert info.value.params["field"] == "quiz_scores.dilemma.attempts.q1"


def test_reset_quiz_forgets_answers_but_keeps_a_completed_lesson() -> None:
    p = (
        prog.Progress()
        .record_quiz("dilemma", 3, 4, {"q1": ["a"]}, {"q1": 1}, passed=True)
        .mark_read("dilemma")
    )
    r = p.reset_quiz("dilemma")
    assert "dilemma" not in r.quiz_scores and r.lessons_read == ["dilemma"]
    assert r.reset_quiz("dilemma") is r


def test_summary_marks_a_passed_quiz() -> None:
    p = prog.Progress().record_quiz("dilemma", 3, 4, {}, passed=True)
    md = prog.to_markdown(p, [("dilemma", "Two roads")], i18n.translator("en"))
    assert "| Two roads | – | 3/4 ✓ |" in md
