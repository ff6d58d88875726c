"""What the wizard hands to the cost simulator: representative numbers for the answers given.

The numbers live in ``questions.yaml`` (``sim`` of each answer, named by the simulator's URL parameters);
load-time checks (``rules``) guarantee that every parameter of ``SIM_PARAMS`` is set by exactly one question.
The hand-off itself is a ``core.handoff.SimulatorHandoff``, the one definition of the simulator's URL.
"""

from __future__ import annotations

from collections.abc import Mapping

from core import fmt
from core.handoff import SimulatorHandoff
from core.i18n import Lang
from features.wizard.rules import SimParam, Wizard
from features.wizard.scoring import Answers, require_complete


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
