"""core.profile: one project profile for wizard, simulator and experiment; its round trip through the URL."""

from __future__ import annotations

import pytest

from core.handoff import SimulatorHandoff, Verdict
from core.profile import Measured, ProjectProfile

NUMBERS = SimulatorHandoff(
    requests_per_day=5000,
    instruction_tokens=1200,
    shots=5,
    shot_tokens=500,
    rag_tokens=0,
    input_tokens=600,
    output_tokens=800,
    base_model="gpt-4o",
    ft_model="gpt-4o",
)
VERDICT = Verdict("finetune", ("consistency", "quality"))


def test_round_trip_through_the_simulator_url() -> None:
    profile = ProjectProfile(answers={"volume": "high"}, numbers=NUMBERS, verdict=VERDICT)
    query = profile.simulator_query()
    assert query["rec"] == "finetune" and query["why"] == "consistency,quality" and query["base"] == "gpt-4o"
    back = ProjectProfile.from_simulator_query(query)
    assert back.numbers == NUMBERS and back.verdict == VERDICT


@pytest.mark.parametrize(
    ("query", "verdict"),
    [
        ({"rec": "rag"}, Verdict("rag")),
        ({"rec": "rag", "why": "latency,nonsense,latency"}, Verdict("rag", ("latency",))),
        ({"rec": "spaceship", "why": "latency"}, None),
        ({}, None),
    ],
)
def test_verdict_from_a_url_is_forgiving(query: dict[str, str], verdict: Verdict | None) -> None:
    assert Verdict.from_query(query) == verdict


def test_unusable_numbers_are_left_out() -> None:
    back = ProjectProfile.from_simulator_query({"rpd": "lots", "out": "70", "zzz": "1"})
    assert back.numbers == SimulatorHandoff(output_tokens=70)


def test_measured_figures_override_the_wizards_guesses() -> None:
    measured = Measured(
        eval_cases=200, prompt_score=0.81, finetune_score=0.9, prompt_tokens=900, output_tokens=40
    )
    profile = ProjectProfile(numbers=NUMBERS, verdict=VERDICT, measured=measured)
    h = profile.handoff()
    assert (h.instruction_tokens, h.shots, h.output_tokens, h.input_tokens) == (900, 0, 40, 600)
    assert ProjectProfile(numbers=NUMBERS).handoff() == NUMBERS  # nothing measured: the wizard's numbers


@pytest.mark.parametrize("bad", [{"prompt_score": 1.5}, {"finetune_score": -0.1}, {"eval_cases": -1}])
def test_measured_figures_are_checked(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Measured(**bad)  # type: ignore[arg-type]
