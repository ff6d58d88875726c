"""When the simulator was opened from the wizard (``?rec=…&why=…``, ``core.handoff.Verdict``): does the money
headline agree with the wizard's recommendation, and if not, why might both be right?

The wizard weighs consistency, quality, latency and knowledge; the simulator counts money only. ``note``
returns the sentence that says which, so a learner never sees the two tools silently disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from core.costs import Option
from core.handoff import Approach, Verdict
from features.simulator import simulation

VERDICT_KEY = "sim_wizard_verdict"  # the verdict of the URL the simulator was opened with

#: The simulator's option for each wizard approach (an adapter is priced like a fine-tune here).
OPTION_OF: Mapping[Approach, Option] = {
    "prompt": "prompt",
    "rag": "rag",
    "peft": "finetune",
    "finetune": "finetune",
    "hybrid": "hybrid",
}


def agrees(v: Verdict, r: simulation.Result, horizon_months: float) -> bool:
    """The wizard's approach is also the cheapest option over the horizon."""
    return OPTION_OF[v.recommendation] == r.cheapest(horizon_months)


def note(
    t: Callable[..., str], names: Mapping[Option, str], v: Verdict, r: simulation.Result, horizon: int
) -> tuple[str, str]:
    """(level, text): a confirmation, or the explanation of the difference."""
    rec = names[OPTION_OF[v.recommendation]]
    if agrees(v, r, horizon):
        return "success", t("simulator.wizard_agrees", option=rec, horizon=horizon)
    best = names[r.cheapest(horizon)]
    if v.why:
        why = ", ".join(t(f"wizard.why_{w}") for w in v.why)
        return "info", t("simulator.wizard_differs", option=rec, best=best, why=why, horizon=horizon)
    return "info", t("simulator.wizard_differs_plain", option=rec, best=best, horizon=horizon)
