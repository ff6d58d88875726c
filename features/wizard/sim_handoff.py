"""What the wizard hands to the cost simulator: representative numbers for the answers given.

The numbers live in ``questions.yaml`` (``sim`` of each answer, named by the simulator's URL parameters);
load-time checks (``rules``) guarantee that every parameter of ``SIM_PARAMS`` is set by exactly one question.
The hand-off itself is a ``core.handoff.SimulatorHandoff``, the one definition of the simulator's URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from core import fmt
from core.handoff import SimulatorHandoff, Verdict, Why
from core.i18n import Lang
from core.profile import ProjectProfile
from features.wizard.rules import SimParam, Wizard
from features.wizard.scoring import Answers, Result, require_complete


def simulator_handoff(wizard: Wizard, answers: Answers) -> SimulatorHandoff:
    """The simulator's numbers for these answers (complete answers only)."""
    require_complete(wizard, answers)
    numbers: dict[SimParam, int] = {}
    for qid, aid in answers.items():
        answer = wizard.questions[qid].answer(aid)
        assert answer is not None  # checked above
        numbers.update(answer.sim)
    return SimulatorHandoff.from_query(numbers)


def simulator_params(wizard: Wizard, answers: Answers) -> dict[SimParam, str]:
    """The cost simulator's query parameters for these answers, in the order of ``SIM_PARAMS``."""
    return simulator_handoff(wizard, answers).query()


def format_sim_params(params: Mapping[SimParam, str], lang: Lang) -> dict[str, str]:
    """The simulator numbers formatted for a sentence (``5,000`` / ``5.000``)."""
    return {key: fmt.number(int(value), lang) for key, value in params.items()}


#: What a rule's criterion weighs besides money, as the simulator names it (``core.handoff.Why``).
WHY_OF_CRITERION: Mapping[str, Why] = {
    "ft_consistent": "consistency",
    "ft_prompt_limits": "quality",
    "ft_latency": "latency",
    "ft_knowledge": "knowledge",
    "rag_facts": "knowledge",
    "hybrid_combo": "consistency",
    "ft_volume": "volume",
    "pe_fast": "flexibility",
    "pe_change": "flexibility",
    "pe_usecases": "flexibility",
}
#: The simulator's models for the wizard's "base model" answer (None: the simulator's default).
MODEL_OF_ANSWER: Mapping[str, str | None] = {"strong": "gpt-4o", "small": "gpt-4o-mini", "unsure": None}


def verdict(res: Result) -> Verdict:
    """The recommendation and what its reasons weigh besides money, most important first."""
    whys = [
        WHY_OF_CRITERION[f.rule.criterion] for f in res.reasons_for if f.rule.criterion in WHY_OF_CRITERION
    ]
    return Verdict(res.recommendation, tuple(dict.fromkeys(whys)))


def profile(wizard: Wizard, answers: Answers, res: Result) -> ProjectProfile:
    """The project profile of these answers: the simulator's numbers, the model choice and the verdict."""
    numbers = simulator_handoff(wizard, answers)
    model = MODEL_OF_ANSWER.get(answers.get("model", ""))
    if model is not None:
        numbers = replace(numbers, base_model=model, ft_model=model)
    return ProjectProfile(answers=dict(answers), numbers=numbers, verdict=verdict(res))
