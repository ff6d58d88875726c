"""The theme in .streamlit/config.toml: readable contrast (WCAG) and chart colours that stay apart for
learners with a colour-vision deficiency (simulated with Machado, Oliveira & Fernandes 2009, severity 1)."""

from __future__ import annotations

import itertools
import math
import tomllib
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"

# Linear-RGB matrices for full protanopia, deuteranopia and tritanopia (Machado et al. 2009, severity 1.0).
CVD: dict[str, tuple[tuple[float, float, float], ...]] = {
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
MIN_DELTA_E = 15.0  # CIELAB ΔE*76 between any two category colours; ~2.3 is just noticeable


def _srgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    assert len(h) == 6, hex_colour
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (_linear(c) for c in _srgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def lab(hex_colour: str, deficiency: str = "normal") -> tuple[float, float, float]:
    lin = [_linear(c) for c in _srgb(hex_colour)]
    r, g, b = (
        min(1.0, max(0.0, sum(m * v for m, v in zip(row, lin, strict=True)))) for row in CVD[deficiency]
    )
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("#000000", "#FFFFFF", 21.0), ("#FFFFFF", "#FFFFFF", 1.0), ("#767676", "#FFFFFF", 4.54)],
)
def test_contrast_formula(a: str, b: str, expected: float) -> None:
    assert contrast(a, b) == pytest.approx(expected, abs=0.01)


def test_simulation_separates_what_it_should() -> None:
    """Red and green look alike to a deuteranope, not to normal vision; blue and yellow stay apart."""
    red, green = "#D62728", "#2CA02C"
    assert math.dist(lab(red), lab(green)) > 50
    assert math.dist(lab(red, "deuteranopia"), lab(green, "deuteranopia")) < MIN_DELTA_E
    assert math.dist(lab("#0072B2", "deuteranopia"), lab("#F0E442", "deuteranopia")) > 50


@pytest.fixture(scope="module")
def theme() -> dict[str, object]:
    data = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    return dict(data["theme"])


def test_text_contrast_meets_wcag_aaa(theme: dict[str, object]) -> None:
    text = str(theme["textColor"])
    for background in ("backgroundColor", "secondaryBackgroundColor"):
        assert contrast(text, str(theme[background])) >= 7.0, background


def test_accent_and_links_meet_wcag_aa(theme: dict[str, object]) -> None:
    background = str(theme["backgroundColor"])
    assert contrast(str(theme["primaryColor"]), background) >= 4.5
    assert contrast(str(theme["primaryColor"]), "#FFFFFF") >= 4.5  # white label on a primary button
    assert contrast(str(theme["linkColor"]), background) >= 4.5


@pytest.mark.parametrize("deficiency", list(CVD))
def test_category_colours_stay_apart(theme: dict[str, object], deficiency: str) -> None:
    colours = [str(c) for c in theme["chartCategoricalColors"]]  # type: ignore[attr-defined]
    assert len(colours) >= 6
    worst = min(
        (math.dist(lab(a, deficiency), lab(b, deficiency)), a, b)
        for a, b in itertools.combinations(colours, 2)
    )
    assert worst[0] >= MIN_DELTA_E, (
        f"{worst[1]} and {worst[2]} look alike with {deficiency}: ΔE {worst[0]:.1f}"
    )


def test_sequential_and_diverging_scales_read_by_lightness(theme: dict[str, object]) -> None:
    seq = [lab(str(c))[0] for c in theme["chartSequentialColors"]]  # type: ignore[attr-defined]
    assert len(seq) == 10 and all(a < b for a, b in itertools.pairwise(seq)), seq
    div = [lab(str(c))[0] for c in theme["chartDivergingColors"]]  # type: ignore[attr-defined]
    peak = div.index(max(div))
    assert len(div) == 10 and peak in (4, 5), div
    assert all(a < b for a, b in itertools.pairwise(div[: peak + 1])), div
    assert all(a > b for a, b in itertools.pairwise(div[peak:])), div
