"""Shared data of the wizard tests: the content of both languages and answer sets from the article."""

from __future__ import annotations

from core import i18n
from features.wizard import rules

WIZ = {lang: rules.load_wizard(lang) for lang in i18n.LANGS}
EN = WIZ["en"]
T = {lang: i18n.translator(lang) for lang in i18n.LANGS}


def answers(**chosen: str) -> dict[str, str]:
    assert set(chosen) == set(EN.questions), "a scenario answers every question"
    return chosen


SCENARIOS: list[tuple[str, dict[str, str], set[str]]] = [
    # --- the article's examples
    (
        "startup trying use cases",
        answers(speed="days", change="weekly", usecases="many", budget="none", model="strong",
                infra="api_only", output="flexible", volume="low", latency="interactive", tried="not_yet",
                knowledge="none"),
        {"prompt"},
    ),
    (
        "legal documents, fixed format, at volume",
        answers(speed="months", change="stable", usecases="one", budget="ample", model="strong",
                infra="api_only", output="strict", volume="high", latency="relaxed", tried="limits_format",
                knowledge="none"),
        {"finetune"},
    ),
    (
        "product range changes weekly",
        answers(speed="weeks", change="weekly", usecases="few", budget="some", model="strong",
                infra="api_only", output="some", volume="medium", latency="interactive", tried="not_yet",
                knowledge="changing"),
        {"prompt", "rag"},
    ),
    (
        "company style across many channels",
        answers(speed="months", change="quarterly", usecases="many", budget="ample", model="strong",
                infra="api_only", output="house_style", volume="high", latency="interactive",
                tried="limits_format", knowledge="stable"),
        {"hybrid"},
    ),
    (
        "proprietary facts that change",
        answers(speed="weeks", change="quarterly", usecases="one", budget="some", model="strong",
                infra="api_only", output="some", volume="medium", latency="interactive",
                tried="limits_knowledge", knowledge="changing"),
        {"rag"},
    ),
    (
        "own GPUs, open model, consistent format",
        answers(speed="weeks", change="stable", usecases="one", budget="some", model="small",
                infra="own_gpus", output="strict", volume="high", latency="interactive",
                tried="limits_format", knowledge="none"),
        {"peft"},
    ),
    # --- more situations
    (
        "real-time at huge volume, long prompts",
        answers(speed="weeks", change="stable", usecases="one", budget="ample", model="strong",
                infra="api_only", output="some", volume="very_high", latency="critical", tried="limits_cost",
                knowledge="none"),
        {"finetune"},
    ),
    (
        "prompting already works",
        answers(speed="weeks", change="quarterly", usecases="few", budget="ample", model="strong",
                infra="rented", output="some", volume="medium", latency="interactive", tried="works",
                knowledge="none"),
        {"prompt"},
    ),
    (
        "support over a handbook that changes, no training budget",
        answers(speed="weeks", change="weekly", usecases="one", budget="none", model="strong",
                infra="api_only", output="some", volume="medium", latency="relaxed",
                tried="limits_knowledge", knowledge="changing"),
        {"rag"},
    ),
    (
        "own GPUs but nothing tried yet: start with prompts",
        answers(speed="days", change="quarterly", usecases="few", budget="some", model="unsure",
                infra="own_gpus", output="some", volume="low", latency="relaxed", tried="not_yet",
                knowledge="none"),
        {"prompt"},
    ),
    (
        "medical reports: stable terminology, strict format, very high volume",
        answers(speed="months", change="stable", usecases="one", budget="ample", model="strong",
                infra="api_only", output="strict", volume="very_high", latency="interactive",
                tried="limits_format", knowledge="stable"),
        {"finetune"},
    ),
    (
        "hobby project",
        answers(speed="days", change="quarterly", usecases="few", budget="none", model="strong",
                infra="api_only", output="flexible", volume="low", latency="relaxed", tried="works",
                knowledge="none"),
        {"prompt"},
    ),
]  # fmt: skip

SCENARIO_IDS = [name for name, _, _ in SCENARIOS]
