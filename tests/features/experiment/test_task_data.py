"""The experiment's task and data: loading and validation, split disjointness (no evaluation wording in
training), the data card's label table, the grader, and few-shot selection from the training split only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import ContentError
from core.i18n import LANGS, Lang
from core.paths import CONTENT_DIR
from features.experiment import datagen, grading, shots, task
from features.experiment.task import Example


@pytest.mark.parametrize("lang", LANGS)
def test_splits_have_the_required_size_and_every_label(lang: Lang) -> None:
    train, ev = task.load_examples(lang, "train"), task.load_examples(lang, "eval")
    assert len(train) >= 400 and len(ev) >= 120
    for split in (train, ev):
        assert {e.category for e in split} == set(task.CATEGORIES)
        assert {e.urgency for e in split} == set(task.URGENCIES)
        assert all(e.lang == lang for e in split)
        assert len({e.text for e in split}) == len(split)


def _jaccard(a: str, b: str) -> float:
    wa, wb = set(shots.words(a)), set(shots.words(b))
    return len(wa & wb) / len(wa | wb)


@pytest.mark.parametrize("lang", LANGS)
def test_no_evaluation_text_or_near_duplicate_in_training(lang: Lang) -> None:
    train, ev = task.load_examples(lang, "train"), task.load_examples(lang, "eval")
    train_texts = [e.text.casefold() for e in train]
    for e in ev:
        assert e.text.casefold() not in train_texts
        closest = max(_jaccard(e.text, t) for t in train_texts)
        assert closest < 0.6, (e.id, closest)


@pytest.mark.parametrize("lang", LANGS)
def test_evaluation_fragments_are_held_out(lang: Lang) -> None:
    """No sentence of an eval pool is in a train pool, and no training text contains an eval issue."""
    tr, ev = datagen.load_pools(lang, "train"), datagen.load_pools(lang, "eval")
    for name in ("openers", "closers", "angry", "rambling"):
        assert not set(getattr(tr, name)) & set(getattr(ev, name)), name
    for c in task.CATEGORIES:
        assert not set(tr.issues[c]) & set(ev.issues[c])
    for u in task.URGENCIES:
        assert not set(tr.urgency[u]) & set(ev.urgency[u])
    train_text = "\n".join(e.text.casefold() for e in task.load_examples(lang, "train"))
    for c in task.CATEGORIES:
        for sentence in ev.issues[c]:
            assert sentence.casefold().rstrip(".!?") not in train_text


@pytest.mark.parametrize("lang", LANGS)
def test_the_committed_files_are_what_the_generator_makes(lang: Lang) -> None:
    for split in task.SPLITS:
        lines = task.data_path(lang, split).read_text(encoding="utf-8").splitlines()
        assert [json.loads(x) for x in lines] == datagen.generate(lang, split)


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_card_table_matches_the_files(lang: Lang) -> None:
    card = (CONTENT_DIR / lang / "experiment" / "card.md").read_text(encoding="utf-8")
    for split in task.SPLITS:
        examples = task.load_examples(lang, split)
        assert datagen.label_table(examples) in card
        assert str(len(examples)) in card


def test_label_table_counts() -> None:
    ex = [
        Example("en-train-0001", "a", "billing", "high", "en"),
        Example("en-train-0002", "b", "billing", "high", "en"),
        Example("en-train-0003", "c", "other", "low", "en"),
    ]
    table = datagen.label_table(ex).splitlines()
    assert table[2] == "| billing | 0 | 0 | 2 | 2 |"
    assert table[6] == "| other | 1 | 0 | 0 | 1 |"
    assert table[7] == "| total | 1 | 0 | 2 | 3 |"


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("not json", "line 2"),
        ('{"id": "en-train-0002", "text": "x", "category": "money", "urgency": "low"}', "line 2: category"),
        ('{"id": "en-train-0002", "text": "", "category": "billing", "urgency": "low"}', "line 2: text"),
        ('{"id": "en-eval-0002", "text": "x", "category": "billing", "urgency": "low"}', "line 2: id"),
        ('{"id": "en-train-0001", "text": "x", "category": "billing", "urgency": "low"}', "line 2: id"),
        ('{"id": "en-train-0002", "text": "x", "category": "billing"}', "line 2: urgency"),
    ],
)
def test_a_bad_line_names_file_and_line(line: str, field: str) -> None:
    good = '{"id": "en-train-0001", "text": "ok", "category": "billing", "urgency": "low"}'
    with pytest.raises(ContentError) as info:
        task.parse_examples(good + "\n" + line + "\n", "en", "train", Path("train.jsonl"))
    assert info.value.file == "train.jsonl"
    assert info.value.field == field


def test_target_json_and_short_messages() -> None:
    assert task.target_json("billing", "high") == '{"category": "billing", "urgency": "high"}'
    for lang in LANGS:
        msgs = task.short_messages(lang, "Hallo")
        assert msgs == [
            {"role": "system", "content": task.prompts(lang).short},
            {"role": "user", "content": "Hallo"},
        ]
    assert task.prompts("de").short != task.prompts("en").short


@pytest.mark.parametrize("lang", LANGS)
def test_prompts_name_every_code(lang: Lang) -> None:
    p = task.prompts(lang)
    for code in (*task.CATEGORIES, *task.URGENCIES):
        assert code in p.engineered
    assert len(p.short) < len(p.naive) * 2 < len(p.engineered)


DE = Example("de-eval-0001", "Mir wurde doppelt abgebucht. Dringend!", "billing", "high", "de")
EN = Example("en-eval-0001", "Parcel lost, no rush.", "shipping", "low", "en")


@pytest.mark.parametrize(
    ("answer", "expected", "valid", "correct", "category", "urgency"),
    [
        ('{"category": "billing", "urgency": "high"}', DE, True, True, "billing", "high"),
        ('  {"urgency": "high", "category": "billing"}\n', DE, True, True, "billing", "high"),
        ('{"category": "billing", "urgency": "low"}', DE, True, False, "billing", "low"),
        ('{"category": "shipping", "urgency": "low"}', EN, True, True, "shipping", "low"),
        ('{"category": "technical", "urgency": "low"}', EN, True, False, "technical", "low"),
        ('{"category": "Versand", "urgency": "niedrig"}', DE, False, False, "Versand", "niedrig"),
        ('{"category": "shipping", "urgency": "urgent"}', EN, False, False, "shipping", "urgent"),
        ('{"category": "shipping"}', EN, False, False, "shipping", None),
        ('{"category": "shipping", "urgency": "low", "reason": "x"}', EN, False, False, "shipping", "low"),
        ('Answer: {"category": "shipping", "urgency": "low"}', EN, False, False, None, None),
        ('{"category": "shipping", "urgency": "low"} Hope this helps!', EN, False, False, None, None),
        ('{"category": "shipping",\n "urgency": "low"}', EN, False, False, None, None),
        ('```json\n{"category": "shipping", "urgency": "low"}\n```', EN, False, False, None, None),
        ('{"category": "shipping", "urgency": "low"', EN, False, False, None, None),
        ('["shipping", "low"]', EN, False, False, None, None),
        ('{"category": 3, "urgency": "low"}', EN, False, False, None, "low"),
        ("", DE, False, False, None, None),
        ("KI, konkum! Awesome!", DE, False, False, None, None),
    ],
)
def test_grade(
    answer: str, expected: Example, valid: bool, correct: bool, category: str | None, urgency: str | None
) -> None:
    assert grading.grade(answer, expected) == grading.Grade(valid, correct, category, urgency)


@pytest.mark.parametrize("lang", LANGS)
def test_few_shot_examples_come_from_training_only(lang: Lang) -> None:
    train, ev = task.load_examples(lang, "train"), task.load_examples(lang, "eval")
    train_ids = {e.id for e in train}
    picked = shots.fixed_shots(train, 8)
    assert len(picked) == 8 and {e.id for e in picked} <= train_ids
    assert {e.category for e in picked} == set(task.CATEGORIES)
    retriever = shots.Retriever(train)
    for e in ev[:40]:
        top = retriever.top(e.text, 4)
        assert len(top) == 4 and {x.id for x in top} <= train_ids
    with pytest.raises(ValueError, match="training split only"):
        shots.Retriever([*train[:5], ev[0]])
    with pytest.raises(ValueError, match="training split only"):
        shots.fixed_shots([*train[:5], ev[0]], 2)


@pytest.mark.parametrize(("k", "n"), [(0, 0), (1, 1), (5, 5), (7, 7), (16, 16)])
def test_fixed_shots_count(k: int, n: int) -> None:
    assert len(shots.fixed_shots(task.load_examples("en", "train"), k)) == n


def test_k_out_of_range() -> None:
    with pytest.raises(ValueError, match="between 0 and 16"):
        shots.fixed_shots(task.load_examples("en", "train"), 17)


def test_retrieval_finds_the_most_similar_message() -> None:
    train = [
        Example("en-train-0001", "My parcel never arrived", "shipping", "normal", "en"),
        Example("en-train-0002", "The invoice amount is wrong", "billing", "normal", "en"),
        Example("en-train-0003", "I cannot log in to my account", "account", "normal", "en"),
    ]
    top = shots.Retriever(train).top("wrong amount on the invoice", 2)
    assert top[-1].id == "en-train-0002"  # most similar last
    assert shots.Retriever(train).top("anything", 0) == ()
