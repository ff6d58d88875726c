"""The simulator's scenario: every input's value and default, its URL form, JSON/CSV export and import
(which inputs there are, with their URL parameter, kind and range: ``specs``).

A scenario lives in the URL as query parameters (``?rpd=2000&instr=700...``). Reading a URL is forgiving:
a bad value (text, negative, absurdly large) is replaced by the default and reported as a ``Problem``.
Importing a file is strict: any bad value rejects the whole file with a ``UserInputError``, so nothing
changes.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, Literal

from core import latency, lifecycle, mdtext, peft
from core.errors import UserInputError
from features.simulator.specs import SPEC_BY_ATTR, SPEC_BY_PARAM, SPECS, Spec

Reason = Literal[
    "not_a_number", "not_whole", "out_of_range", "unknown_choice", "unknown_model", "shut_down_model"
]
MAX_IMPORT_BYTES = 200_000
FORMAT_VERSION = 1
_SHOWN = 40  # characters of a bad value that a message repeats


@dataclass(frozen=True)
class Scenario:
    # volume and prompt
    requests_per_day: int = 1000
    instruction_tokens: int = 800
    shots: int = 5
    shot_tokens: int = 150
    rag_tokens: int = 1500
    input_tokens: int = 200
    output_tokens: int = 200
    # models
    base_model: str = "gpt-6-luna"  # active models (tests/test_lifecycle.py checks every default)
    ft_model: str = "llama-3.1-8b"
    ft_prompt_tokens: int = 60
    hybrid_tokens: int = 150
    # training
    train_examples: int = 500
    train_tokens: int = 600
    epochs: int | None = None  # None: OpenAI's default for the set size
    retrain_months: int = 0  # 0: never
    horizon_months: int = 12
    # discounts, hosting, currency (shares in percent)
    caching: bool = False
    cache_hit_pct: float = 90.0
    cache_discount_pct: float = 50.0
    batch: bool = False
    batch_discount_pct: float = 50.0
    flex: bool = False  # OpenAI's flex tier: slower, cheaper (where the model has a flex price)
    hosting_per_hour: float = 0.0
    # one-off costs of a fine-tune besides its training run (USD; paid once, see core.costs.OneOff)
    data_prep_cost: float = 0.0
    eval_cost: float = 0.0
    eng_hours: float = 0.0
    eng_rate: float = 0.0
    currency: str = "USD"
    eur_per_usd: float = 0.87
    # latency assumptions
    prefill_tps: float = latency.DEFAULT_PREFILL_TPS
    generation_tps: float = latency.DEFAULT_GENERATION_TPS
    overhead_s: float = latency.DEFAULT_OVERHEAD_S
    retrieval_s: float = latency.DEFAULT_RETRIEVAL_S
    # price overrides in USD per 1M tokens (None: the catalogue's price)
    base_input_price: float | None = None
    base_output_price: float | None = None
    base_cached_price: float | None = None
    ft_input_price: float | None = None
    ft_output_price: float | None = None
    ft_cached_price: float | None = None
    training_price: float | None = None
    # PEFT / LoRA panel
    peft_model: str = "llama-3.1-8b"
    lora_rank: int = 16
    lora_targets: tuple[str, ...] = peft.TARGETS
    seq_len: int = 2048
    micro_batch: int = 1
    checkpointing: bool = True
    gpu_gb: float = 80.0
    gpu_price: float = 2.0
    gpu_tflops: float = 125.0  # stated sustained TFLOP/s per GPU (routes.DEFAULT_TFLOPS); GPU-hours derived
    selfhost_method: str = "qlora"

    @property
    def few_shot_tokens(self) -> int:
        return self.shots * self.shot_tokens


DEFAULTS = Scenario()


assert {f.name for f in fields(Scenario)} == set(SPEC_BY_ATTR), "every Scenario field needs a Spec"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Problem:
    """A URL value that was not usable; the scenario keeps ``default`` instead."""

    param: str
    value: str
    reason: Reason
    default: str
    shutdown: str = ""  # shut_down_model: the day the provider stopped serving it
    replacement: str = ""  # shut_down_model: the provider's (or our) replacement


class _Bad(Exception):
    def __init__(
        self, reason: Reason, use: str | None = None, notice: lifecycle.Notice | None = None
    ) -> None:
        self.reason = reason
        self.use = use  # a value to use instead of the default (a shut-down model's replacement)
        self.notice = notice


@dataclass(frozen=True)
class Models:
    """The model names a scenario may use (from the price catalogue)."""

    base: Collection[str]
    fine_tunable: Collection[str]
    day: date = field(default_factory=lambda: lifecycle.today())  # the day the lists were made for


def _number(raw: str, spec: Spec) -> float:
    try:
        value = float(raw.strip().replace("_", ""))
    except ValueError:
        raise _Bad("not_a_number") from None
    if not math.isfinite(value):
        raise _Bad("not_a_number")
    if not spec.lo <= value <= spec.hi:
        raise _Bad("out_of_range")
    return value


def _whole(raw: str, spec: Spec) -> int:
    value = _number(raw, spec)
    if not value.is_integer():
        raise _Bad("not_whole")
    return int(value)


def parse_value(spec: Spec, raw: str, models: Models) -> Any:
    """The typed value of one URL parameter; raises ``_Bad`` with the reason."""
    text = raw.strip()
    if spec.kind == "int":
        return _whole(text, spec)
    if spec.kind == "float":
        return _number(text, spec)
    if spec.kind == "price":
        return None if text == "" else _number(text, spec)
    if spec.kind == "epochs":
        return None if text.lower() in {"", "auto"} else _whole(text, spec)
    if spec.kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise _Bad("unknown_choice")
    if spec.kind == "choice":
        if text in spec.choices:
            return text
        raise _Bad("unknown_choice")
    if spec.kind == "targets":
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts or any(p not in spec.choices for p in parts):
            raise _Bad("unknown_choice")
        return tuple(t for t in spec.choices if t in parts)
    allowed = models.base if spec.kind == "base_model" else models.fine_tunable
    if text in allowed:
        return text
    notice = lifecycle.notice(text, models.day)
    if notice is not None and notice.status == "shut_down":
        use = lifecycle.replacement(text, models.day)
        raise _Bad("shut_down_model", use if use in allowed else None, notice)
    raise _Bad("unknown_model")


def format_value(value: Any) -> str:
    """The URL form of a typed value (inverse of ``parse_value``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


def format_epochs(value: int | None) -> str:
    return "auto" if value is None else str(value)


def _url_text(spec: Spec, value: Any) -> str:
    return format_epochs(value) if spec.kind == "epochs" else format_value(value)


def fit_models(scenario: Scenario, models: Models) -> Scenario:
    """Replace models the catalogue does not know by its first entry (keeps defaults valid)."""
    if scenario.base_model not in models.base and models.base:
        scenario = replace(scenario, base_model=next(iter(models.base)))
    if scenario.ft_model not in models.fine_tunable and models.fine_tunable:
        scenario = replace(scenario, ft_model=next(iter(models.fine_tunable)))
    return scenario


def from_query(
    query: Mapping[str, str], models: Models, base: Scenario = DEFAULTS
) -> tuple[Scenario, list[Problem]]:
    """Read the scenario from URL parameters on top of ``base``; bad values keep ``base``'s value."""
    base = fit_models(base, models)
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for spec in SPECS:
        if spec.param not in query:
            continue
        raw = str(query[spec.param])
        try:
            changes[spec.attr] = parse_value(spec, raw, models)
        except _Bad as bad:
            if bad.use is not None:
                changes[spec.attr] = bad.use
            default = bad.use or _url_text(spec, getattr(base, spec.attr))
            shut = bad.notice
            problems.append(
                Problem(
                    spec.param,
                    mdtext.shorten(raw, _SHOWN),
                    bad.reason,
                    default,
                    shutdown=shut.shutdown.isoformat() if shut else "",
                    replacement=(shut.replacement or "") if shut else "",
                )
            )
    return replace(base, **changes), problems


def to_query(scenario: Scenario, base: Scenario = DEFAULTS) -> dict[str, str]:
    """URL parameters for every value that differs from ``base`` (so ``base`` + these = ``scenario``)."""
    out: dict[str, str] = {}
    for spec in SPECS:
        value = getattr(scenario, spec.attr)
        if value != getattr(base, spec.attr):
            out[spec.param] = _url_text(spec, value)
    return out


# ------------------------------------------------------------------------------------- strict import


_NUMERIC_KINDS = frozenset({"int", "float", "price", "epochs"})


def _as_text(value: object, kind: str) -> str | None:
    """A JSON/CSV value in URL form; None for a type the parameter never holds (strict: ``true`` is no
    number and ``1`` no yes/no answer)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("1" if value else "0") if kind == "bool" else None
    if isinstance(value, int | float):
        if kind not in _NUMERIC_KINDS:
            return None
        return format_value(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    return None


def from_mapping(data: Mapping[str, object], models: Models, base: Scenario = DEFAULTS) -> Scenario:
    """Strict: every key must be a known parameter with a valid value, else ``UserInputError``."""
    changes: dict[str, Any] = {}
    for key, value in data.items():
        spec = SPEC_BY_PARAM.get(str(key))
        if spec is None:
            raise UserInputError("simulator.import_unknown", param=mdtext.shorten(str(key), _SHOWN))
        text = _as_text(value, spec.kind)
        if text is None:
            raise UserInputError(
                "simulator.import_bad_value", param=spec.param, value=mdtext.shorten(repr(value), _SHOWN)
            )
        try:
            changes[spec.attr] = parse_value(spec, text, models)
        except _Bad:
            raise UserInputError(
                "simulator.import_bad_value", param=spec.param, value=mdtext.shorten(text, _SHOWN)
            ) from None
    return replace(fit_models(base, models), **changes)


def to_mapping(scenario: Scenario) -> dict[str, Any]:
    """Every parameter with its JSON value (lists for target matrices, None for no override)."""
    out: dict[str, Any] = {}
    for spec in SPECS:
        value = getattr(scenario, spec.attr)
        out[spec.param] = list(value) if isinstance(value, tuple) else value
    return out


def export_json(scenario: Scenario, results: Mapping[str, Any]) -> str:
    payload = {
        "format": "simulator",
        "version": FORMAT_VERSION,
        "scenario": to_mapping(scenario),
        "results": dict(results),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _check_size(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_IMPORT_BYTES:
        raise UserInputError("simulator.import_too_big", limit=MAX_IMPORT_BYTES // 1000)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserInputError("simulator.import_not_text") from None


def _parse_int(text: str) -> int | float:
    """JSON integers; one too long for ``int()`` (over 4300 digits) becomes a float (refused as out of range
    with a message instead of a ``ValueError``)."""
    return int(text) if len(text) <= 100 else float(text)


def import_json(data: bytes | str, models: Models) -> Scenario:
    """A scenario from an exported JSON file (or a bare mapping of parameters); strict."""
    text = _check_size(data)
    try:
        payload = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise UserInputError("simulator.import_bad_json", line=exc.lineno) from None
    except RecursionError:  # nested too deeply to hold a scenario
        raise UserInputError("simulator.import_no_scenario") from None
    if isinstance(payload, dict) and "scenario" in payload:
        payload = payload["scenario"]
    if not isinstance(payload, dict):
        raise UserInputError("simulator.import_no_scenario")
    return from_mapping(payload, models)


CSV_HEADER = ("section", "name", "value")


def export_csv(scenario: Scenario, results: Mapping[str, Any]) -> str:
    """Rows ``scenario,<param>,<value>`` then ``result,<name>,<value>``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for spec in SPECS:
        writer.writerow(("scenario", spec.param, _url_text(spec, getattr(scenario, spec.attr))))
    for name, value in results.items():
        writer.writerow(("result", name, "" if value is None else value))
    return buffer.getvalue()


def import_csv(data: bytes | str, models: Models) -> Scenario:
    """A scenario from an exported CSV file (only the ``scenario`` rows count); strict."""
    text = _check_size(data)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:  # e.g. a field over the csv module's size limit
        raise UserInputError("simulator.import_bad_csv") from None
    if not rows or tuple(c.strip() for c in rows[0]) != CSV_HEADER:
        raise UserInputError("simulator.import_bad_csv")
    mapping: dict[str, object] = {}
    for row in rows[1:]:
        if not row:
            continue
        if len(row) != 3:
            raise UserInputError("simulator.import_bad_csv")
        if row[0] == "scenario":
            mapping[row[1]] = row[2]
    if not mapping:
        raise UserInputError("simulator.import_no_scenario")
    return from_mapping(mapping, models)
