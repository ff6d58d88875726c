"""What the page shows, as text: the grid's rows, a row's name, the confusion table and the reading of
the results (which variant wins on which figure, and where the fine-tune does not)."""

from __future__ import annotations

from collections.abc import Sequence

from core import fmt
from core.i18n import Lang, Translator
from features.experiment import metrics, records
from features.experiment.records import RunRecord
from features.experiment.task import CATEGORIES, URGENCIES


def row_name(r: RunRecord, t: Translator) -> str:
    name = t(f"experiment.kind_{r.variant.kind}")
    if r.variant.k:
        name += f" (k={r.variant.k})"
    if r.variant.edited:
        name += " ✎"
    return f"#{r.number} {name}"


def _seconds(value: float | None, lang: Lang) -> str:
    return "–" if value is None else fmt.number(value, lang, 2)


def grid_rows(rows: Sequence[RunRecord], t: Translator, lang: Lang) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for r in rows:
        s = r.summary
        cost = "–" if s.cost_per_1k_usd is None else fmt.amount(s.cost_per_1k_usd, lang)
        if r.backend_kind == "local":
            cost = t("experiment.cost_local")
        out.append(
            {
                t("experiment.col_variant"): row_name(r, t),
                t("experiment.col_model"): r.model,
                t("experiment.col_n"): fmt.number(s.n, lang),
                t("experiment.col_valid"): fmt.percent(s.valid_rate, lang),
                t("experiment.col_accuracy"): fmt.percent(s.accuracy, lang),
                t("experiment.col_ci"): f"{fmt.percent(s.ci_low, lang)} – {fmt.percent(s.ci_high, lang)}",
                t("experiment.col_prompt"): fmt.number(s.prompt_tokens, lang),
                t("experiment.col_output"): fmt.number(s.output_tokens, lang, 1),
                t("experiment.col_ttft"): _seconds(s.ttft_s, lang),
                t("experiment.col_latency"): _seconds(s.latency_s, lang),
                t("experiment.col_speed"): "–"
                if s.tokens_per_s is None
                else fmt.number(s.tokens_per_s, lang),
                t("experiment.col_cost"): cost,
                t("experiment.col_cpu"): _seconds(s.cpu_s, lang),
            }
        )
    return out


def confusion_rows(
    results: Sequence[metrics.ExampleResult], field: str, t: Translator
) -> list[dict[str, str | int]]:
    labels = CATEGORIES if field == "category" else URGENCIES
    table = metrics.confusion(results, field)
    head = [*labels, metrics.INVALID]
    return [
        {t("experiment.col_expected"): label, **{h: n for h, n in zip(head, row, strict=True)}}
        for label, row in zip(labels, table, strict=True)
    ]


def failure_rows(results: Sequence[metrics.ExampleResult], t: Translator) -> list[dict[str, str]]:
    return [
        {
            t("experiment.col_input"): r.text,
            t("experiment.col_expected"): f"{r.expected_category} / {r.expected_urgency}",
            t("experiment.col_answer"): r.answer,
        }
        for r in metrics.failures(results)
    ]


def reading(rows: Sequence[RunRecord], t: Translator, lang: Lang) -> list[str]:
    """Sentences about the measured rows: the best variant, and each figure where the fine-tune does not
    win against the prompting variants (on the same examples)."""
    out: list[str] = []
    if not rows:
        return out
    ft = records.best_finetuned(rows)
    subset = ft.subset if ft is not None else rows[-1].subset
    same = [r for r in rows if r.subset == subset]
    best = max(same, key=lambda r: (r.summary.accuracy, -r.summary.prompt_tokens))
    b = best.summary
    out.append(
        t(
            "experiment.read_best",
            name=row_name(best, t),
            acc=fmt.percent(b.accuracy, lang),
            lo=fmt.percent(b.ci_low, lang),
            hi=fmt.percent(b.ci_high, lang),
            n=fmt.number(b.n, lang),
        )
    )
    prompting = [r for r in same if not r.variant.uses_adapter]
    if ft is None:
        out.append(t("experiment.read_no_ft"))
        return out
    if not prompting:
        out.append(t("experiment.read_no_prompting"))
        return out
    f = ft.summary
    rival = max(prompting, key=lambda r: r.summary.accuracy)
    rs = rival.summary
    if rs.accuracy > f.accuracy:
        out.append(
            t("experiment.read_ft_loses_acc", name=row_name(rival, t), acc=fmt.percent(rs.accuracy, lang))
        )
    elif rs.ci_high >= f.ci_low:
        out.append(t("experiment.read_ft_overlap", name=row_name(rival, t)))
    else:
        out.append(t("experiment.read_ft_wins_acc", name=row_name(rival, t)))
    for figure, key in (("valid_rate", "valid"), ("prompt_tokens", "prompt"), ("latency_s", "latency")):
        better = _beats(prompting, f, figure)
        if better is not None:
            value = getattr(better.summary, figure)
            shown = fmt.percent(value, lang) if figure == "valid_rate" else fmt.number(value, lang, 2)
            out.append(t(f"experiment.read_ft_loses_{key}", name=row_name(better, t), value=shown))
    if ft.backend_kind == "local":
        out.append(t("experiment.read_local_caveat"))
    return out


def _beats(prompting: Sequence[RunRecord], f: metrics.Summary, figure: str) -> RunRecord | None:
    """The prompting row that does best on ``figure`` if it does better than the fine-tune."""
    higher_is_better = figure == "valid_rate"
    ordered = sorted(prompting, key=lambda r: float(getattr(r.summary, figure)), reverse=higher_is_better)
    top = ordered[0]
    mine, theirs = float(getattr(f, figure)), float(getattr(top.summary, figure))
    return top if (theirs > mine if higher_is_better else theirs < mine) else None
