"""The dependency floors in requirements.txt are what the code uses: the installed versions meet them, and the
features the floors stand for are there (a lower version would lack them)."""

from __future__ import annotations

import inspect
import re
import typing
from importlib.metadata import version
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"


def _floors() -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)\s*(?:>=|==)\s*([0-9.]+)", line)
        if m:
            out[m.group(1).lower()] = tuple(int(x) for x in m.group(2).split("."))
    return out


def _installed(name: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", version(name))[:3])


def test_floors_are_the_ones_the_code_needs() -> None:
    floors = _floors()
    assert floors["streamlit"] >= (1, 65)
    assert floors["openai"] >= (3, 0)
    assert floors["genai-prices"] >= (0, 2, 3)
    for name, floor in floors.items():
        assert _installed(name)[: len(floor)] >= floor, name


def test_streamlit_floor_features() -> None:
    import streamlit as st

    assert "alt" in inspect.signature(st.plotly_chart).parameters  # simulator and data lab charts
    assert "color" in inspect.signature(st.badge).parameters  # the deprecation badge
    assert "on_change" in inspect.signature(st.tabs).parameters  # the simulator's lazily drawn tabs


def test_openai_floor_features() -> None:
    from openai import OpenAI
    from openai.types.shared.chat_model import ChatModel
    from openai.types.shared.reasoning_effort import ReasoningEffort

    assert hasattr(OpenAI(api_key="x", base_url="http://127.0.0.1:9/v1").responses, "create")  # Responses API
    assert {"gpt-6-luna", "gpt-6-sol"} <= set(typing.get_args(ChatModel))  # the lifecycle table's models
    efforts = set(typing.get_args(typing.get_args(ReasoningEffort)[0]))
    assert {"none", "low", "medium", "high", "xhigh"} <= efforts  # the efforts core.lifecycle offers


def test_genai_prices_floor_features() -> None:
    import genai_prices

    assert "price_context" in inspect.signature(genai_prices.calc_price).parameters
    from genai_prices.types import TieredPrices

    assert TieredPrices.__dataclass_fields__.keys() >= {"base", "tiers"}
