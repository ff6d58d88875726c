"""What one page hands to the cost simulator through its URL: the one definition of those parameters.

The wizard ("check the numbers"), the data lab ("open in the simulator") and the experiment ("use these
numbers") build a ``SimulatorHandoff``;
the simulator's scenario reads the same parameter names (``features/simulator/specs.py``;
tests/features/simulator/test_handoff.py checks that they agree with ``PARAMS``). Field names are the
simulator scenario's attribute names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

#: Scenario attribute -> URL parameter.
PARAMS: Mapping[str, str] = {
    "requests_per_day": "rpd",
    "instruction_tokens": "instr",
    "shots": "shots",
    "shot_tokens": "shot_tok",
    "rag_tokens": "rag",
    "input_tokens": "inp",
    "output_tokens": "out",
    "ft_model": "ft",
    "train_examples": "train_n",
    "train_tokens": "train_tok",
    "epochs": "epochs",
    "ft_prompt_tokens": "ft_prompt",
    "prefill_tps": "prefill",
    "generation_tps": "gen",
    "overhead_s": "ovh",
}


@dataclass(frozen=True)
class SimulatorHandoff:
    """Numbers for the simulator; ``None`` leaves the simulator's own value."""

    requests_per_day: int | None = None
    instruction_tokens: int | None = None
    shots: int | None = None
    shot_tokens: int | None = None
    rag_tokens: int | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    ft_model: str | None = None
    train_examples: int | None = None
    train_tokens: int | None = None
    epochs: int | None = None
    ft_prompt_tokens: int | None = None
    prefill_tps: float | None = None  # latency model (measured on the experiment page)
    generation_tps: float | None = None
    overhead_s: float | None = None

    def query(self) -> dict[str, str]:
        """The URL parameters for the values that are set, in a stable order."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[PARAMS[f.name]] = str(value)
        return out

    @classmethod
    def from_query(cls, values: Mapping[str, int | float]) -> SimulatorHandoff:
        """The hand-off whose ``query()`` has these numbers (named by URL parameter)."""
        by_param = {param: attr for attr, param in PARAMS.items()}
        unknown = set(values) - set(by_param)
        if unknown:
            raise ValueError(f"not simulator hand-off parameters: {sorted(unknown)}")
        return cls(**{by_param[param]: value for param, value in values.items()})  # type: ignore[arg-type]


assert {f.name for f in fields(SimulatorHandoff)} == set(PARAMS), "every handoff field needs a parameter"
