"""One project profile shared by the tools: the wizard's answers and verdict, the simulator's scenario
numbers and (optionally) the figures an experiment measured.

The wizard builds a profile from its answers; ``simulator_query`` is the simulator's URL for it (numbers,
models and the verdict, ``core.handoff``); ``from_simulator_query`` reads it back, so the round trip through
the URL keeps everything the simulator uses. Measured figures, when present, override the wizard's
representative numbers in the hand-off (a measured prompt length beats a guess).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

from core.handoff import PARAMS, REC_PARAM, WHY_PARAM, SimulatorHandoff, Verdict

_TEXT_FIELDS = ("base_model", "ft_model")


@dataclass(frozen=True)
class Measured:
    """Figures measured in an experiment (all optional): the eval set's size, the share of cases right for the
    prompt and the fine-tuned model on held-out cases, and measured token counts per request."""

    eval_cases: int | None = None
    prompt_score: float | None = None
    finetune_score: float | None = None
    prompt_tokens: int | None = None  # instructions + examples of the prompt approach
    input_tokens: int | None = None
    output_tokens: int | None = None

    def __post_init__(self) -> None:
        for score in (self.prompt_score, self.finetune_score):
            if score is not None and not 0.0 <= score <= 1.0:
                raise ValueError("scores are shares between 0 and 1")
        for n in (self.eval_cases, self.prompt_tokens, self.input_tokens, self.output_tokens):
            if n is not None and n < 0:
                raise ValueError("counts must not be negative")


@dataclass(frozen=True)
class ProjectProfile:
    answers: Mapping[str, str] = field(default_factory=dict)  # wizard question id -> answer id
    numbers: SimulatorHandoff = field(default_factory=SimulatorHandoff)
    verdict: Verdict | None = None
    measured: Measured = field(default_factory=Measured)

    def handoff(self) -> SimulatorHandoff:
        """The simulator's numbers: the wizard's, with measured figures where there are any."""
        m = self.measured
        changes = {
            "instruction_tokens": m.prompt_tokens,
            "input_tokens": m.input_tokens,
            "output_tokens": m.output_tokens,
        }
        if any(v is not None for v in changes.values()):
            changes_set = {k: v for k, v in changes.items() if v is not None}
            if m.prompt_tokens is not None:
                changes_set["shots"] = 0  # a measured prompt length already holds its examples
            return replace(self.numbers, **changes_set)  # type: ignore[arg-type]
        return self.numbers

    def simulator_query(self) -> dict[str, str]:
        return {**self.handoff().query(), **(self.verdict.query() if self.verdict else {})}

    @classmethod
    def from_simulator_query(cls, query: Mapping[str, str]) -> ProjectProfile:
        """The profile a simulator URL carries (numbers, models, verdict); unusable values are left out."""
        values: dict[str, int | str] = {}
        by_param = {param: attr for attr, param in PARAMS.items()}
        for param, raw in query.items():
            attr = by_param.get(param)
            if attr is None:
                continue
            if attr in _TEXT_FIELDS:
                values[param] = str(raw)
            elif str(raw).isdigit():
                values[param] = int(raw)
        verdict = Verdict.from_query({k: v for k, v in query.items() if k in (REC_PARAM, WHY_PARAM)})
        return cls(numbers=SimulatorHandoff.from_query(values), verdict=verdict)


assert {f.name for f in fields(SimulatorHandoff)} >= set(_TEXT_FIELDS)
