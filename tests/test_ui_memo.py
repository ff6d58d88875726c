"""ui.memo.Memo: one build per key, bounded."""

from __future__ import annotations

from ui.memo import Memo


def test_builds_once_per_key_and_stays_bounded() -> None:
    calls: list[int] = []
    memo: Memo[int, str] = Memo(bound=3)

    def build(n: int) -> str:
        calls.append(n)
        return f"v{n}"

    assert memo.get(1, lambda: build(1)) == "v1"
    assert memo.get(1, lambda: build(1)) == "v1"
    assert calls == [1]
    for n in (2, 3, 4):
        assert memo.get(n, lambda n=n: build(n)) == f"v{n}"  # type: ignore[misc]
    assert len(memo) <= 3
    assert memo.get(1, lambda: build(1)) == "v1" and calls.count(1) == 2  # dropped at the bound: rebuilt
