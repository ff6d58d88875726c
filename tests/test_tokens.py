"""core.tokens: exact ids, offline build, model -> encoding, chat overhead (the token explorer's pieces and
spans are tested in tests/features/tokens/test_tokenviz.py)."""

from __future__ import annotations

import gzip
import shutil
import socket
from pathlib import Path

import pytest

from core import tokens
from core.errors import UserInputError

# Expected ids were produced once with tiktoken 0.14's own `tiktoken.get_encoding(...)` (OpenAI's
# constructors in tiktoken_ext/openai_public.py, reading the original rank files) and pinned here.
SAMPLES = {
    "umlauts": "Größenänderung über Äpfel und Öl – süß!",
    "emoji": "Hallo 👋🏽 Welt 🎉",
    "code": "def add(a, b):\n    return a + b\n",
    "whitespace": "a   b\t\t c\n\n\n   d    ",
    "special_as_text": "<|endoftext|>",
    # published in OpenAI's cookbook "How to count tokens with tiktoken" (section 5, compare_encodings)
    "cookbook_math": "2 + 2 = 4",
    "cookbook_japanese": "お誕生日おめでとう",
}

EXPECTED_IDS = {
    "o200k_base": {
        "umlauts": [3193, 573, 11724, 28898, 988, 5469, 22424, 16606, 296, 844, 88874, 1127, 20745, 2819, 0],
        "emoji": [46670, 61138, 233, 52622, 121, 23079, 139786, 231],
        "code": [1314, 1147, 6271, 11, 287, 1883, 271, 622, 261, 659, 287, 198],
        "whitespace": [64, 256, 287, 335, 274, 2499, 256, 272, 257],
        "special_as_text": [27, 91, 419, 1440, 919, 91, 29],
        "cookbook_math": [17, 659, 220, 17, 314, 220, 19],
        "cookbook_japanese": [8930, 9697, 243, 128225, 8930, 17693, 4344, 48669],
    },
    "cl100k_base": {
        "umlauts": [
            6600,
            3029,
            27922,
            58496,
            2234,
            14104,
            49786,
            16276,
            301,
            2073,
            35137,
            75,
            1389,
            60839,
            8156,
            0,
        ],
        "emoji": [79178, 62904, 233, 9468, 237, 121, 46066, 11410, 236, 231],
        "code": [755, 923, 2948, 11, 293, 997, 262, 471, 264, 489, 293, 198],
        "whitespace": [64, 256, 293, 298, 272, 1432, 256, 294, 257],
        "special_as_text": [27, 91, 8862, 728, 428, 91, 29],
        "cookbook_math": [17, 489, 220, 17, 284, 220, 19],
        "cookbook_japanese": [33334, 45918, 243, 21990, 9080, 33334, 62004, 16556, 78699],
    },
}

CASES = [(enc, name) for enc in tokens.ENCODINGS for name in SAMPLES]


@pytest.mark.parametrize(("encoding", "sample"), CASES)
def test_exact_ids(encoding: str, sample: str) -> None:
    assert tokens.encode(SAMPLES[sample], encoding) == EXPECTED_IDS[encoding][sample]


@pytest.mark.parametrize(("encoding", "sample"), CASES)
def test_ids_decode_back_to_the_text(encoding: str, sample: str) -> None:
    assert tokens.get_encoding(encoding).decode(EXPECTED_IDS[encoding][sample]) == SAMPLES[sample]


@pytest.mark.parametrize(
    ("model", "sample", "count"),
    [
        ("gpt-4o-mini", "umlauts", 15),
        ("gpt-4", "umlauts", 16),
        ("gpt-4.1", "emoji", 8),
        ("gpt-3.5-turbo", "emoji", 10),
        ("o3", "code", 12),
        ("gpt-4-turbo", "code", 12),
        ("gpt-5", "whitespace", 9),
        ("gpt-4o", "cookbook_japanese", 8),
        ("gpt-4", "cookbook_japanese", 9),
    ],
)
def test_count_tokens(model: str, sample: str, count: int) -> None:
    result = tokens.count_tokens(SAMPLES[sample], model)
    assert result.tokens == count
    assert result.estimate is False


def test_count_tokens_of_empty_text_is_zero() -> None:
    assert tokens.count_tokens("", "gpt-4o") == tokens.TokenCount(0, "o200k_base", False)


def test_unknown_model_counts_as_estimate_with_o200k() -> None:
    result = tokens.count_tokens(SAMPLES["umlauts"], "smollm2-135m-instruct")
    assert result == tokens.TokenCount(15, "o200k_base", True)


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("gpt-4o", ("o200k_base", False)),
        ("gpt-4o-mini-2024-07-18", ("o200k_base", False)),
        ("chatgpt-4o-latest", ("o200k_base", False)),
        ("gpt-4.1-nano", ("o200k_base", False)),
        ("gpt-4.5-preview", ("o200k_base", False)),
        ("o1", ("o200k_base", False)),
        ("o1-mini", ("o200k_base", False)),
        ("o3-mini", ("o200k_base", False)),
        ("o4-mini", ("o200k_base", False)),
        ("gpt-5", ("o200k_base", False)),
        ("gpt-5.4-mini", ("o200k_base", False)),
        ("GPT-4o ", ("o200k_base", False)),
        ("ft:gpt-4o-mini-2024-07-18:acme::abc123", ("o200k_base", False)),
        ("ft:gpt-3.5-turbo-0125:acme::x", ("cl100k_base", False)),
        ("gpt-4", ("cl100k_base", False)),
        ("gpt-4-turbo", ("cl100k_base", False)),
        ("gpt-4-0613", ("cl100k_base", False)),
        ("gpt-3.5-turbo", ("cl100k_base", False)),
        ("gpt-35-turbo", ("cl100k_base", False)),
        ("text-embedding-3-small", ("cl100k_base", False)),
        ("smollm2-135m-instruct", ("o200k_base", True)),
        ("llama-3.1-8b", ("o200k_base", True)),
        ("claude-3-5-sonnet", ("o200k_base", True)),
        ("o5x", ("o200k_base", True)),
        ("", ("o200k_base", True)),
    ],
)
def test_encoding_for_model(model: str, expected: tuple[str, bool]) -> None:
    assert tokens.encoding_for_model(model) == expected


def test_unknown_encoding_is_a_user_error() -> None:
    with pytest.raises(UserInputError) as info:
        tokens.encode("x", "p50k_base")
    assert info.value.key == "tokens.err_unknown_encoding"
    assert info.value.params["encoding"] == "p50k_base"


# ----------------------------------------------------------------------------------------------- offline


def test_encodings_build_with_no_network_and_an_empty_tiktoken_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Build both encodings from scratch while every socket operation raises and tiktoken's cache is empty."""
    cache = tmp_path / "tiktoken-cache"
    cache.mkdir()
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(cache))

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    tokens.get_encoding.cache_clear()
    try:
        for encoding in tokens.ENCODINGS:
            assert tokens.encode(SAMPLES["umlauts"], encoding) == EXPECTED_IDS[encoding]["umlauts"]
    finally:
        tokens.get_encoding.cache_clear()
    assert list(cache.iterdir()) == []


def test_shipped_vocabularies_match_pinned_hashes() -> None:
    for encoding in tokens.ENCODINGS:
        ranks = tokens.read_vocabulary(encoding)
        assert len(ranks) == {"o200k_base": 199998, "cl100k_base": 100256}[encoding]


def test_tampered_vocabulary_is_rejected(tmp_path: Path) -> None:
    source = tokens.TIKTOKEN_DIR / "cl100k_base.tiktoken.gz"
    raw = gzip.decompress(source.read_bytes())
    (tmp_path / "cl100k_base.tiktoken.gz").write_bytes(gzip.compress(raw.replace(b" 100\n", b" 101\n", 1)))
    with pytest.raises(tokens.VocabularyError, match="sha256"):
        tokens.read_vocabulary("cl100k_base", tmp_path)


def test_missing_vocabulary_is_reported(tmp_path: Path) -> None:
    shutil.copy(tokens.TIKTOKEN_DIR / "o200k_base.tiktoken.gz", tmp_path)
    with pytest.raises(tokens.VocabularyError, match="cl100k_base"):
        tokens.read_vocabulary("cl100k_base", tmp_path)


# ------------------------------------------------------------------------------------------------- chat

# The example conversation of OpenAI's cookbook "How to count tokens with tiktoken" (section 6); the notebook
# reports 129 prompt tokens for gpt-3.5-turbo / gpt-4 and 124 for gpt-4o / gpt-4o-mini, confirmed by the API.
COOKBOOK_MESSAGES = [
    {
        "role": "system",
        "content": "You are a helpful, pattern-following assistant that translates corporate jargon "
        "into plain English.",
    },
    {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
    {
        "role": "system",
        "name": "example_assistant",
        "content": "Things working well together will increase revenue.",
    },
    {
        "role": "system",
        "name": "example_user",
        "content": "Let's circle back when we have more bandwidth to touch base on opportunities for "
        "increased leverage.",
    },
    {
        "role": "system",
        "name": "example_assistant",
        "content": "Let's talk later when we're less busy about how to do better.",
    },
    {
        "role": "user",
        "content": "This late pivot means we don't have time to boil the ocean for the client deliverable.",
    },
]


@pytest.mark.parametrize(
    ("model", "total", "encoding"),
    [
        ("gpt-3.5-turbo", 129, "cl100k_base"),
        ("gpt-4-0613", 129, "cl100k_base"),
        ("gpt-4", 129, "cl100k_base"),
        ("gpt-4o", 124, "o200k_base"),
        ("gpt-4o-mini", 124, "o200k_base"),
    ],
)
def test_chat_count_matches_cookbook(model: str, total: int, encoding: str) -> None:
    result = tokens.count_chat(COOKBOOK_MESSAGES, model)
    assert result.total == total
    assert result.encoding == encoding
    assert result.estimate is False
    # 6 messages x 3 + 6 one-token roles + 4 names x (1 + 0 extra) + 3 priming = 31 tokens of format
    assert result.overhead == 31
    assert result.content + result.overhead == result.total


@pytest.mark.parametrize(
    ("messages", "content", "overhead"),
    [
        ([], 0, 3),
        ([{"role": "user", "content": ""}], 0, 3 + 1 + 3),
        ([{"role": "user", "content": "2 + 2 = 4"}], 7, 7),
        ([{"role": "user", "name": "bob", "content": "2 + 2 = 4"}], 8, 8),
        ([{"role": "system", "content": "2 + 2 = 4"}, {"role": "assistant", "content": "2 + 2 = 4"}], 14, 11),
    ],
)
def test_chat_overhead_table(messages: list[dict[str, str]], content: int, overhead: int) -> None:
    result = tokens.count_chat(messages, "gpt-4o-mini")
    assert (result.content, result.overhead, result.total) == (content, overhead, content + overhead)


def test_chat_for_unknown_model_is_an_estimate() -> None:
    assert tokens.count_chat([{"role": "user", "content": "hi"}], "my-local-llm").estimate is True


def test_chat_rejects_non_text_values() -> None:
    with pytest.raises(UserInputError) as info:
        tokens.count_chat([{"role": "user", "content": None}], "gpt-4o")  # type: ignore[dict-item]
    assert info.value.key == "tokens.err_bad_message"


# ------------------------------------------------------------------------------------------ small helpers


@pytest.mark.parametrize(
    ("chars", "n", "expected"), [(10, 5, 2.0), (7, 2, 3.5), (0, 0, None), (5, 0, None), (0, 3, 0.0)]
)
def test_chars_per_token(chars: int, n: int, expected: float | None) -> None:
    assert tokens.chars_per_token(chars, n) == expected


@pytest.mark.parametrize(
    ("de", "en", "expected"), [(125, 100, 0.25), (100, 100, 0.0), (80, 100, -0.2), (5, 0, None)]
)
def test_extra_share(de: int, en: int, expected: float | None) -> None:
    result = tokens.extra_share(de, en)
    assert result == (pytest.approx(expected) if expected is not None else None)


def test_negative_counts_rejected() -> None:
    with pytest.raises(ValueError):
        tokens.chars_per_token(-1, 2)
    with pytest.raises(ValueError):
        tokens.extra_share(1, -2)
