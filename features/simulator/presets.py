"""The simulator's presets: the article's scenarios, in ``content/<lang>/simulator/presets.yaml``.

Both languages hold the same ids and the same numbers; only labels and descriptions differ (tested).
A preset's ``values`` use the URL parameter names of ``specs`` and are checked as strictly as an
imported file, so a typo fails on load with the file and field named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.content import read_yaml, validate
from core.errors import ContentError, UserInputError
from core.i18n import Lang
from core.paths import CONTENT_DIR
from features.simulator import scenario as scn
from features.simulator import specs

PresetId = Literal["startup", "support-bot", "legal", "classification", "realtime"]
PRESET_IDS: tuple[PresetId, ...] = ("startup", "support-bot", "legal", "classification", "realtime")
Value = bool | int | float | str | list[str] | None


class Preset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: PresetId
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    values: dict[str, Value] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _known_params(cls, value: dict[str, Value]) -> dict[str, Value]:
        unknown = sorted(set(value) - set(specs.SPEC_BY_PARAM))
        if unknown:
            raise ValueError(f"unknown parameters: {', '.join(unknown)}")
        return value


class PresetFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    presets: list[Preset]

    @field_validator("presets")
    @classmethod
    def _all_ids_once(cls, value: list[Preset]) -> list[Preset]:
        ids = [p.id for p in value]
        if sorted(ids) != sorted(PRESET_IDS):
            raise ValueError(f"expected exactly the presets {', '.join(PRESET_IDS)}")
        return value


def presets_path(lang: Lang, content_dir: Path = CONTENT_DIR) -> Path:
    return content_dir / lang / "simulator" / "presets.yaml"


def load_presets(lang: Lang, content_dir: Path = CONTENT_DIR) -> tuple[Preset, ...]:
    path = presets_path(lang, content_dir)
    data: PresetFile = validate(PresetFile, read_yaml(path), path)
    return tuple(data.presets)


def scenario_of(preset: Preset, models: scn.Models, source: Path | str = "presets.yaml") -> scn.Scenario:
    """The scenario a preset stands for (defaults + its values); a bad value is a ``ContentError``."""
    try:
        return scn.from_mapping(preset.values, models)
    except UserInputError as exc:
        raise ContentError(
            source,
            f"presets[{preset.id}].values.{exc.params.get('param', '?')}",
            f"invalid value {exc.params.get('value', '')}",
        ) from None


def find(presets: tuple[Preset, ...], preset_id: str) -> Preset | None:
    for p in presets:
        if p.id == preset_id:
            return p
    return None
