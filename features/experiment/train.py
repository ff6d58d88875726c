"""Training command: a LoRA adapter for the built-in model on the experiment's task, written as a llama.cpp
GGUF adapter plus its card (needs requirements-train.txt)::

    python -m features.experiment.train --out assets/adapters/support-triage.gguf

The defaults reproduce the shipped adapter: both languages' training splits, ``TrainConfig()``'s values,
then an evaluation of the written GGUF with llama-cpp on both evaluation splits (recorded in the card).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from core.i18n import LANGS, Lang
from core.llm.local import MODEL_NAME
from core.paths import ROOT
from features.experiment import task, train_card, train_eval, train_loop
from features.experiment.train_config import (
    TARGET_MODULES,
    ChatExample,
    TrainConfig,
    check_training_set,
    data_hash,
    parse_training_set,
)


def task_examples(langs: Sequence[Lang], split: task.Split = "train") -> list[ChatExample]:
    """The bundled split as chat examples: the short prompt, the JSON answer."""
    out: list[ChatExample] = []
    for lang in langs:
        for ex in task.load_examples(lang, split):
            answer = task.target_json(ex.category, ex.urgency)
            out.append(ChatExample.from_dicts(task.short_messages(lang, ex.text), answer, ex.id))
    return out


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("torch", "transformers", "peft", "gguf", "llama_cpp_python")}


def _parser() -> argparse.ArgumentParser:
    d = TrainConfig()
    p = argparse.ArgumentParser(prog="python -m features.experiment.train", description=__doc__)
    p.add_argument("--out", type=Path, default=train_card.shipped_adapter(), help="the adapter (.gguf)")
    p.add_argument("--data", type=Path, help="an OpenAI chat JSONL set instead of the bundled split")
    p.add_argument("--langs", default=",".join(LANGS), help="bundled languages to train on (de,en)")
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--rank", type=int, default=d.rank)
    p.add_argument("--alpha", type=int, default=d.alpha)
    p.add_argument("--targets", default=",".join(d.targets), help="of " + ",".join(TARGET_MODULES))
    p.add_argument("--epochs", type=int, default=d.epochs)
    p.add_argument("--lr", type=float, default=d.lr)
    p.add_argument("--max-steps", type=int, default=d.max_steps, help="0 = all epochs")
    p.add_argument("--batch-size", type=int, default=d.batch_size)
    p.add_argument("--max-tokens", type=int, default=d.max_tokens, help="per example")
    p.add_argument("--warmup-steps", type=int, default=d.warmup_steps)
    p.add_argument("--threads", type=int, default=d.threads)
    p.add_argument("--eval-limit", type=int, default=0, help="evaluate on the first N per language (0 = all)")
    p.add_argument("--no-eval", action="store_true", help="write the adapter without a card")
    return p


def _langs(text: str) -> list[Lang]:
    langs = [lang for lang in LANGS if lang in text.split(",")]
    if not langs:
        raise SystemExit(f"--langs: none of {LANGS}")
    return langs


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    config = TrainConfig(
        seed=args.seed,
        rank=args.rank,
        alpha=args.alpha,
        targets=tuple(t.strip() for t in args.targets.split(",") if t.strip()),
        epochs=args.epochs,
        lr=args.lr,
        max_steps=args.max_steps,
        batch_size=args.batch_size,
        max_tokens=args.max_tokens,
        warmup_steps=args.warmup_steps,
        threads=args.threads,
    )
    config.check()
    langs = _langs(args.langs)
    if args.data is not None:
        examples = parse_training_set(args.data.read_text(encoding="utf-8"))
        files = [str(args.data)]
    else:
        examples = task_examples(langs)
        files = [str(task.data_path(lang, "train").relative_to(ROOT)) for lang in langs]
    base = train_loop.load_base()
    check_training_set(examples, train_loop.token_counter(base.tokenizer), config.max_tokens)
    total = config.total_steps(len(examples))
    print(f"{len(examples)} examples, {total} steps", flush=True)

    def step(done: int, n: int, loss: float, seconds: float) -> None:
        print(f"step {done}/{n} loss {loss:.4f} ({seconds:.1f} s)", flush=True)

    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    result = train_loop.train(config, examples, out, base=base, on_step=step)
    print(f"wrote {out} after {result.seconds:.0f} s of training", flush=True)
    if args.no_eval:
        return 0
    evaluation: dict[str, train_card.LangEval] = {}
    llama = train_eval.load(base.gguf, out)
    for lang in langs:
        split = task.load_examples(lang, "eval")
        split = split[: args.eval_limit] if args.eval_limit else split
        items = train_eval.evaluate(llama, split)
        evaluation[lang] = train_card.lang_eval(items)
        e = evaluation[lang]
        print(f"eval {lang}: {e.correct}/{e.n} correct, {e.valid} valid", flush=True)
    command = "python -m features.experiment.train " + shlex.join(
        list(argv if argv is not None else sys.argv[1:])
    )
    card = train_card.Card(
        name=out.stem,
        base_model=MODEL_NAME,
        base_gguf_sha256=train_card.file_sha256(base.gguf),
        adapter_sha256=train_card.file_sha256(out),
        command=command.strip(),
        data_files=files,
        data_hash=data_hash(examples),
        n_examples=len(examples),
        seed=config.seed,
        rank=config.rank,
        alpha=config.alpha,
        targets=list(config.targets),
        epochs=config.epochs,
        lr=config.lr,
        batch_size=config.batch_size,
        max_tokens=config.max_tokens,
        max_steps=config.max_steps,
        warmup_steps=config.warmup_steps,
        steps=result.steps,
        loss_curve=[round(x, 5) for x in result.losses],
        final_loss=round(result.losses[-1], 5),
        trained_tokens=result.tokens,
        wall_time_s=round(time.perf_counter() - started, 1),
        training_s=round(result.seconds, 1),
        machine=train_card.machine(_versions(), config.threads),
        eval_settings=train_eval.eval_settings(),
        evaluation=evaluation,
        created=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    train_card.save_card(card, train_card.card_path(out))
    print(f"wrote {train_card.card_path(out)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
