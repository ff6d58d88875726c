"""The wizard's texts: score deltas, reasons and the one-page summary as Markdown and as printable HTML.

Everything in a summary comes from content and the result; every text inserted into the HTML is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core import fmt, mdtext
from core.i18n import Lang
from features.wizard.rules import APPROACHES, Wizard
from features.wizard.scoring import Answers, FiredRule, Result

Translate = Callable[..., str]


def format_delta(delta: int, lang: Lang) -> str:
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    return sign + fmt.number(abs(delta), lang)


def describe_deltas(wizard: Wizard, rule: FiredRule, lang: Lang) -> str:
    """``Prompt engineering +3 · Fine-tuning −2`` — biggest push first."""
    items = sorted(rule.rule.deltas.items(), key=lambda kv: (-kv[1], APPROACHES.index(kv[0])))
    return " · ".join(f"{wizard.approaches[a].name} {format_delta(d, lang)}" for a, d in items)


def describe_triggers(rule: FiredRule) -> str:
    """``Time to first results: Within days`` (joined with ``; `` when a rule looks at several answers)."""
    return "; ".join(f"{q.short}: {a.label}" for q, a in rule.triggers)


def score_summary(wizard: Wizard, result: Result, lang: Lang) -> str:
    """The scores as one line of text, best first (the chart's text alternative)."""
    return ", ".join(
        f"{wizard.approaches[a].name} {fmt.number(result.scores[a], lang)}" for a in result.ranking
    )


@dataclass(frozen=True)
class _Section:
    title: str
    items: tuple[str, ...]


def _answer_lines(wizard: Wizard, answers: Answers) -> tuple[str, ...]:
    lines = []
    for qid, question in wizard.questions.items():
        answer = question.answer(answers[qid])
        assert answer is not None
        lines.append(f"{question.short}: {answer.label}")
    return tuple(lines)


def criterion_text(wizard: Wizard, f: FiredRule, t: Translate) -> str:
    """``Budget and know-how for fine-tuning (Article: decision matrix, prompt engineering)``."""
    criterion = wizard.criteria[f.rule.criterion]
    return f"{criterion.label} ({t('wizard.group_' + criterion.group)})"


def _reason_line(wizard: Wizard, f: FiredRule, t: Translate, lang: Lang) -> tuple[str, str, str]:
    """(criterion, reason, 'your answer ... → deltas') for one fired rule."""
    criterion = criterion_text(wizard, f, t)
    detail = t("wizard.reason_detail", answers=describe_triggers(f), deltas=describe_deltas(wizard, f, lang))
    return criterion, f.rule.reason, detail


def to_markdown(wizard: Wizard, answers: Answers, result: Result, t: Translate, share_url: str = "") -> str:
    """The one-page summary as Markdown (everything in it comes from content and the result)."""
    lang = wizard.lang
    best = wizard.approaches[result.recommendation]
    out = [f"# {t('wizard.export_title')}", ""]
    out += [f"## {t('wizard.recommendation')}: {best.name}", "", best.summary, ""]
    if result.close_call:
        runner = wizard.approaches[result.runner_up].name
        out += [f"> {t('wizard.close_call', first=best.name, second=runner)}", ""]
    if result.then is not None:
        out += [f"> {t('wizard.then', name=wizard.approaches[result.then].name)}", ""]
    for section in (
        _Section(t("wizard.gates_heading"), tuple(g.note for g in result.gates)),
        _Section(t("wizard.before_heading"), result.before),
    ):
        if section.items:
            out += [f"## {section.title}", "", *(f"- {item}" for item in section.items), ""]
    out += [
        f"## {t('wizard.scores_heading')}",
        "",
        f"| {t('wizard.approach')} | {t('wizard.score')} |",
        "|---|---:|",
    ]
    out += [f"| {wizard.approaches[a].name} | {fmt.number(result.scores[a], lang)} |" for a in result.ranking]
    out.append("")
    for title, rules in (
        (t("wizard.reasons_for"), result.reasons_for),
        (t("wizard.reasons_against"), result.reasons_against),
    ):
        if not rules:
            continue
        out += [f"## {title}", ""]
        for f in rules:
            criterion, reason, detail = _reason_line(wizard, f, t, lang)
            out += [f"- **{criterion}** — {reason}  ", f"  *{detail}*"]
        out.append("")
    for section in (
        _Section(t("wizard.caveats"), result.caveats),
        _Section(t("wizard.next_steps"), result.next_steps),
        _Section(t("wizard.your_answers"), _answer_lines(wizard, answers)),
    ):
        if section.items:
            out += [f"## {section.title}", "", *(f"- {item}" for item in section.items), ""]
    out += [t("wizard.advice"), ""]
    if share_url:
        out += [f"{t('wizard.share_heading')}: <{share_url}>", ""]
    return "\n".join(out)


_PRINT_CSS = """
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #111; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 1.6rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: .25rem .6rem; }
td.num { text-align: right; } .detail { color: #444; font-size: .9rem; }
.note { border-left: 4px solid #0072B2; padding-left: .6rem; }
@media print { body { margin: 0; } a { color: #111; } }
"""


def to_html(wizard: Wizard, answers: Answers, result: Result, t: Translate, share_url: str = "") -> str:
    """The one-page summary as a printable HTML page; every inserted text is escaped."""
    e = mdtext.html_text
    lang = wizard.lang
    best = wizard.approaches[result.recommendation]
    body = [f"<h1>{e(t('wizard.export_title'))}</h1>"]
    body.append(f"<h2>{e(t('wizard.recommendation'))}: {e(best.name)}</h2><p>{e(best.summary)}</p>")
    if result.close_call:
        runner = wizard.approaches[result.runner_up].name
        body.append(f'<p class="note">{e(t("wizard.close_call", first=best.name, second=runner))}</p>')
    if result.then is not None:
        body.append(f'<p class="note">{e(t("wizard.then", name=wizard.approaches[result.then].name))}</p>')
    for section in (
        _Section(t("wizard.gates_heading"), tuple(g.note for g in result.gates)),
        _Section(t("wizard.before_heading"), result.before),
    ):
        if section.items:
            lis = "".join(f"<li>{e(item)}</li>" for item in section.items)
            body.append(f"<h2>{e(section.title)}</h2><ul>{lis}</ul>")
    rows = "".join(
        f"<tr><td>{e(wizard.approaches[a].name)}</td>"
        f'<td class="num">{e(fmt.number(result.scores[a], lang))}</td></tr>'
        for a in result.ranking
    )
    body.append(
        f"<h2>{e(t('wizard.scores_heading'))}</h2><table><thead><tr><th>{e(t('wizard.approach'))}</th>"
        f"<th>{e(t('wizard.score'))}</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    for title, rules in (
        (t("wizard.reasons_for"), result.reasons_for),
        (t("wizard.reasons_against"), result.reasons_against),
    ):
        if not rules:
            continue
        items = []
        for f in rules:
            criterion, reason, detail = _reason_line(wizard, f, t, lang)
            items.append(
                f"<li><strong>{e(criterion)}</strong> — {e(reason)}<br>"
                f'<span class="detail">{e(detail)}</span></li>'
            )
        body.append(f"<h2>{e(title)}</h2><ul>{''.join(items)}</ul>")
    for section in (
        _Section(t("wizard.caveats"), result.caveats),
        _Section(t("wizard.next_steps"), result.next_steps),
        _Section(t("wizard.your_answers"), _answer_lines(wizard, answers)),
    ):
        if section.items:
            lis = "".join(f"<li>{e(item)}</li>" for item in section.items)
            body.append(f"<h2>{e(section.title)}</h2><ul>{lis}</ul>")
    body.append(f"<p>{e(t('wizard.advice'))}</p>")
    if share_url:
        body.append(f'<p>{e(t("wizard.share_heading"))}: <a href="{e(share_url)}">{e(share_url)}</a></p>')
    return (
        f'<!DOCTYPE html>\n<html lang="{e(lang)}"><head><meta charset="utf-8">'
        f"<title>{e(t('wizard.export_title'))}</title><style>{_PRINT_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
