"""The shipped adapter and its card cannot drift apart: the card is valid, names this adapter file and the
bundled training data by hash, and a recomputed evaluation on a subset (llama-cpp, temperature 0, the card's
settings) gives the card's per-example grades."""

from __future__ import annotations

import pytest

from core.i18n import LANGS, Lang
from features.experiment import task, train, train_card, train_eval
from features.experiment.train_config import TrainConfig, data_hash

SUBSET = 12  # per language
MIN_AGREEMENT = 0.9  # of the subset's per-example grades (a different CPU may flip a rare greedy token)


@pytest.fixture(scope="module")
def card() -> train_card.Card:
    return train_card.load_card(train_card.card_path(train_card.shipped_adapter()))


def test_card_describes_this_adapter_and_this_data(card: train_card.Card) -> None:
    adapter = train_card.shipped_adapter()
    assert train_card.file_sha256(adapter) == card.adapter_sha256
    assert card.data_hash == data_hash(train.task_examples(list(LANGS)))
    assert card.n_examples == sum(len(task.load_examples(lang, "train")) for lang in LANGS)
    assert card.command.startswith("python -m features.experiment.train")
    assert card.eval_settings == train_eval.eval_settings()
    assert set(card.evaluation) == set(LANGS)
    for lang in LANGS:
        assert [i.id for i in card.evaluation[lang].items] == [e.id for e in task.load_examples(lang, "eval")]


def test_training_defaults_are_the_cards_settings(card: train_card.Card) -> None:
    """Re-running the command with its defaults trains what the card describes (threads aside)."""
    d = TrainConfig()
    shipped = (card.seed, card.rank, card.alpha, tuple(card.targets), card.epochs, card.lr, card.batch_size)
    assert shipped == (d.seed, d.rank, d.alpha, d.targets, d.epochs, d.lr, d.batch_size)
    assert (card.max_tokens, card.max_steps, card.warmup_steps) == (d.max_tokens, d.max_steps, d.warmup_steps)
    assert card.steps == d.total_steps(card.n_examples) == len(card.loss_curve)


@pytest.mark.llm
@pytest.mark.parametrize("lang", LANGS)
def test_recomputed_subset_matches_the_card(card: train_card.Card, lang: Lang) -> None:
    from core.llm.local import find_gguf

    base = find_gguf()
    assert base is not None and train_card.file_sha256(base) == card.base_gguf_sha256
    llama = train_eval.load(base, train_card.shipped_adapter())
    examples = task.load_examples(lang, "eval")[:SUBSET]
    items = train_eval.evaluate(llama, examples)
    recorded = {i.id: i for i in card.evaluation[lang].items}
    agree = sum(recorded[i.id].correct == i.correct and recorded[i.id].valid == i.valid for i in items)
    assert agree >= MIN_AGREEMENT * len(items), [(i.id, i.answer, recorded[i.id].answer) for i in items]
