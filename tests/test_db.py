"""core.db against SQLite and a real PostgreSQL server started by the tests (tests/pgserver.py): migration
from an empty database, class create/join/leave/delete, recording, aggregation, CSV export, and the
workshop ledger under concurrent spending from two processes."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from core.db import classes, results
from core.db import engine as dbengine
from core.db.ledger import DbLedger, to_micro
from core.db.models import Base
from core.errors import UserInputError
from core.llm.caps import WorkshopCaps
from tests.dbutil import dump_values, fresh_database_url

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["sqlite", "postgresql"]


@pytest.fixture(params=KINDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    pg = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    with fresh_database_url(request.param, tmp_path, pg) as url:
        yield url


@pytest.fixture()
def engine(db_url: str) -> Iterator[Engine]:
    eng = dbengine.open_engine(db_url)
    yield eng
    eng.dispose()


# --------------------------------------------------------------------------------------------- migrations
def test_migration_from_an_empty_database_creates_the_models_schema(db_url: str) -> None:
    eng = dbengine.make_engine(db_url)
    try:
        assert inspect(eng).get_table_names() == []
        assert dbengine.current_revision(eng) is None
        dbengine.upgrade(eng)
        assert dbengine.current_revision(eng) == dbengine.head_revision()
        insp = inspect(eng)
        assert set(insp.get_table_names()) == {*Base.metadata.tables, "alembic_version"}
        for name, table in Base.metadata.tables.items():
            assert {c["name"] for c in insp.get_columns(name)} == {c.name for c in table.columns}, name
        dbengine.upgrade(eng)  # a current database is left alone
        dbengine.downgrade(eng)
        assert set(inspect(eng).get_table_names()) == {"alembic_version"}
        dbengine.upgrade(eng)
        assert dbengine.current_revision(eng) == dbengine.head_revision()
    finally:
        eng.dispose()


# --------------------------------------------------------------------------------------------- classes
def test_create_join_leave_delete(engine: Engine) -> None:
    new = classes.create_class(engine)
    assert len(new.code) == 6 and set(new.code) <= set(classes.CODE_ALPHABET)
    class_id = classes.trainer_class_id(engine, new.code.lower(), new.secret)
    with pytest.raises(UserInputError) as wrong:
        classes.trainer_class_id(engine, new.code, new.secret + "x")
    assert wrong.value.key == "classroom.err_secret"

    ana = classes.join(engine, f" {new.code[:3]}-{new.code[3:].lower()} ", "  Ana  ")
    assert (ana.code, ana.nickname) == (new.code, "Ana")
    ben = classes.join(engine, new.code, "Ben")
    with pytest.raises(UserInputError) as taken:
        classes.join(engine, new.code, "Ana")
    assert taken.value.key == "classroom.err_nickname_taken"
    assert results.load(engine, class_id).members == ("Ana", "Ben")

    assert classes.record_quiz_answer(
        engine, ana.token, lesson_id="l1", question_id="q1", chosen=["a"], right=["a"]
    )
    assert classes.record_lesson_done(engine, ben.token, "l1")
    classes.leave(engine, ana.token)
    assert not classes.is_member(engine, ana.token) and classes.is_member(engine, ben.token)
    after = results.load(engine, class_id)
    assert after.members == ("Ben",) and after.answers == () and after.lessons_done == (("Ben", "l1"),)
    assert not classes.record_wizard(engine, ana.token, "prompt", None)  # left: nothing is stored
    classes.join(engine, new.code, "Ana")  # the nickname is free again

    with pytest.raises(UserInputError):
        classes.delete_class(engine, new.code, "not the secret")
    classes.delete_class(engine, new.code, new.secret)
    assert not classes.is_member(engine, ben.token)
    with pytest.raises(UserInputError) as gone:
        classes.join(engine, new.code, "Cleo")
    assert gone.value.key == "classroom.err_no_class"
    assert dump_values(engine) == [dbengine.head_revision()]  # only alembic's version row is left


@pytest.mark.parametrize(
    ("raw", "key"),
    [("ABC", "classroom.err_code"), ("ABCDE0", "classroom.err_code"), ("", "classroom.err_code")],
)
def test_bad_codes_are_messages(engine: Engine, raw: str, key: str) -> None:
    with pytest.raises(UserInputError) as exc:
        classes.join(engine, raw, "Ana")
    assert exc.value.key == key


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("Ana", "Ana"),
        (" A  b ", "A b"),
        ("x" * 24, "x" * 24),
        ("x" * 25, None),
        ("", None),
        ("a\x00b", None),
        ("Zoë", "Zoë"),
    ],
)
def test_nicknames(raw: str, ok: str | None) -> None:
    if ok is None:
        with pytest.raises(UserInputError):
            classes.check_nickname(raw)
    else:
        assert classes.check_nickname(raw) == ok


def test_secret_and_tokens_are_stored_only_as_hashes(engine: Engine) -> None:
    new = classes.create_class(engine)
    member = classes.join(engine, new.code, "Ana")
    stored = " ".join(dump_values(engine))
    assert new.secret not in stored and member.token not in stored
    assert new.code in stored and "Ana" in stored


# --------------------------------------------------------------------------------------------- results
def _class_with_results(engine: Engine) -> int:
    new = classes.create_class(engine)
    a, b, c = (classes.join(engine, new.code, n) for n in ("Ana", "Ben", "=Cleo"))
    right = ["b"]
    for token, chosen in ((a.token, ["b"]), (b.token, ["c"]), (c.token, ["c"])):
        classes.record_quiz_answer(
            engine, token, lesson_id="l1", question_id="q1", chosen=chosen, right=right
        )
    # multiple choice: right is {a, d}
    classes.record_quiz_answer(
        engine, a.token, lesson_id="l1", question_id="q2", chosen=["a", "b"], right=["a", "d"]
    )
    classes.record_quiz_answer(
        engine, b.token, lesson_id="l1", question_id="q2", chosen=["a", "d"], right=["a", "d"]
    )
    # a changed answer replaces the earlier one
    classes.record_quiz_answer(
        engine, a.token, lesson_id="l1", question_id="q2", chosen=["d", "a"], right=["a", "d"]
    )
    classes.record_wizard(engine, a.token, "prompt", "rag")
    classes.record_wizard(engine, b.token, "finetune", "prompt")
    classes.record_wizard(engine, c.token, "prompt", None)
    classes.record_wizard(engine, c.token, "hybrid", None)  # the latest counts
    classes.record_experiment(engine, a.token, variant="fewshot", model="m", accuracy=0.5, examples=120)
    classes.record_experiment(engine, a.token, variant="finetuned", model="m", accuracy=0.8, examples=120)
    classes.record_experiment(engine, b.token, variant="engineered", model="gpt", accuracy=0.9, examples=120)
    classes.record_lesson_done(engine, a.token, "l1")
    classes.record_lesson_done(engine, a.token, "l1")  # once is enough
    return classes.trainer_class_id(engine, new.code, new.secret)


def test_aggregation_over_the_database(engine: Engine) -> None:
    res = results.load(engine, _class_with_results(engine))
    q1, q2 = results.question_stats(res.answers)
    assert (q1.question_id, q1.answered, q1.right, q1.top_wrong, q1.top_wrong_count) == ("q1", 3, 1, "c", 2)
    assert q1.share_right == pytest.approx(1 / 3)
    assert (q2.answered, q2.right, q2.top_wrong) == (2, 2, None)
    assert results.wizard_distribution(res.wizard) == (
        ("finetune", 1, pytest.approx(1 / 3)),
        ("hybrid", 1, pytest.approx(1 / 3)),
        ("prompt", 1, pytest.approx(1 / 3)),
    )
    board = results.leaderboard(res.runs)
    assert [(r.nickname, r.variant, r.accuracy) for r in board] == [
        ("Ben", "engineered", 0.9),
        ("Ana", "finetuned", 0.8),
    ]
    assert res.lessons_done == (("Ana", "l1"),)


def test_csv_export(engine: Engine) -> None:
    res = results.load(engine, _class_with_results(engine))
    rows = list(csv.DictReader(io.StringIO(results.to_csv(res))))
    assert tuple(rows[0]) == results.CSV_COLUMNS
    kinds = [r["record"] for r in rows]
    assert kinds.count("member") == 3 and kinds.count("quiz") == 5 and kinds.count("experiment") == 3
    assert kinds.count("wizard") == 3 and kinds.count("lesson_done") == 1
    assert "'=Cleo" in {r["nickname"] for r in rows}  # no formula in a spreadsheet
    ben_q1 = next(
        r for r in rows if r["record"] == "quiz" and r["nickname"] == "Ben" and r["question"] == "q1"
    )
    assert (ben_q1["chosen"], ben_q1["wrong"], ben_q1["correct"]) == ("c", "c", "0")


# --------------------------------------------------------------------------------------------- ledger
@pytest.mark.parametrize(
    ("usd", "up", "micro"),
    [(0.0, True, 0), (0.03, True, 30_000), (1e-7, True, 1), (5.0, False, 5_000_000), (0.0000015, False, 1)],
)
def test_micro_dollars(usd: float, up: bool, micro: int) -> None:
    assert to_micro(usd, up=up) == micro


def test_ledger_reserve_settle_refuse(engine: Engine) -> None:
    caps = WorkshopCaps(app_usd=0.10)
    ledger = DbLedger(engine)
    ledger.reserve(caps, 0.06)
    with pytest.raises(UserInputError) as refused:
        ledger.reserve(caps, 0.05)
    assert refused.value.key == "llm.cap_app_money"
    ledger.settle(0.06, 0.01)
    assert ledger.balance().spent_usd == pytest.approx(0.01) and ledger.balance().reserved_usd == 0
    ledger.reserve(caps, 0.09)
    DbLedger(engine).settle(0.09, 0.0)  # another process's ledger object sees the same account
    assert DbLedger(engine).balance().reserved_usd == 0


SPENDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from core.db.engine import make_engine
    from core.db.ledger import DbLedger
    from core.errors import UserInputError
    from core.llm.caps import WorkshopCaps

    engine = make_engine(sys.argv[2])
    ledger = DbLedger(engine)
    caps = WorkshopCaps(app_usd=1.0)
    go = Path(sys.argv[3])
    while not go.exists():
        time.sleep(0.01)
    booked = refused = 0
    while refused < 20:
        try:
            ledger.reserve(caps, 0.03)
        except UserInputError:
            refused += 1
            continue
        booked += 1
        ledger.settle(0.03, 0.03)
    engine.dispose()
    print(booked)
    """
)


def test_ledger_holds_under_concurrent_spending_from_two_processes(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    DbLedger(engine)  # the account exists before both start
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SPENDER, str(ROOT), db_url, str(go)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    go.touch()
    booked = [int(p.communicate(timeout=300)[0].strip()) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sum(booked) == 33  # 33 x $0.03 = $0.99 fit under $1.00; a 34th would overspend
    balance = DbLedger(engine).balance()
    assert balance.spent_usd == pytest.approx(0.99) and balance.reserved_usd == 0


# ------------------------------------------------------------------------------------ per-session budget
SESSION_CAPS = WorkshopCaps(session_tokens=1000, session_usd=0.10, app_usd=1.0)


def test_a_session_budget_is_booked_with_the_apps_and_settled(engine: Engine) -> None:
    ledger = DbLedger(engine)
    assert ledger.session_usage("s1") == (0, 0.0)  # never booked
    ledger.reserve(SESSION_CAPS, 0.04, session="s1", tokens=600)
    assert ledger.session_usage("s1") == (600, pytest.approx(0.04))
    assert DbLedger(engine).session_usage("s1") == (600, pytest.approx(0.04))  # another replica sees it
    assert ledger.balance().reserved_usd == pytest.approx(0.04)
    with pytest.raises(UserInputError) as tokens:
        ledger.reserve(SESSION_CAPS, 0.01, session="s1", tokens=500)  # 600 + 500 > 1000
    assert (tokens.value.key, tokens.value.params["left"]) == ("llm.cap_tokens", 400)
    ledger.settle(0.04, 0.01, session="s1", reserved_tokens=600, tokens=150)
    assert ledger.session_usage("s1") == (150, pytest.approx(0.01))
    ledger.reserve(SESSION_CAPS, 0.09, session="s1", tokens=10)
    with pytest.raises(UserInputError) as money:
        ledger.reserve(SESSION_CAPS, 0.001, session="s1", tokens=10)  # 0.01 + 0.09 + 0.001 > 0.10
    assert money.value.key == "llm.cap_money"
    assert ledger.session_usage("s2") == (0, 0.0)  # sessions do not share a budget
    ledger.reserve(SESSION_CAPS, 0.05, session="s2", tokens=10)
    assert ledger.balance().reserved_usd == pytest.approx(0.09 + 0.05)


def test_a_refusal_by_the_app_budget_books_nothing_for_the_session(engine: Engine) -> None:
    ledger = DbLedger(engine)
    caps = WorkshopCaps(session_tokens=1000, session_usd=0.5, app_usd=0.06)
    ledger.reserve(caps, 0.05, session="a", tokens=100)
    with pytest.raises(UserInputError) as refused:
        ledger.reserve(caps, 0.02, session="b", tokens=100)
    assert refused.value.key == "llm.cap_app_money"
    assert ledger.session_usage("b") == (0, 0.0)  # the session's booking was rolled back with the app's


def test_idle_session_rows_are_forgotten(engine: Engine) -> None:
    from datetime import UTC, datetime, timedelta

    ledger = DbLedger(engine)
    ledger.reserve(SESSION_CAPS, 0.01, session="old", tokens=5)
    assert ledger.forget_sessions(datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)) == 0
    assert ledger.forget_sessions(datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=1)) == 1
    assert ledger.session_usage("old") == (0, 0.0)
    assert ledger.balance().reserved_usd == pytest.approx(0.01)  # the app's account is never forgotten


SESSION_SPENDER = (
    SPENDER.replace(
        "caps = WorkshopCaps(app_usd=1.0)",
        "caps = WorkshopCaps(session_tokens=10**9, session_usd=0.30, app_usd=1.0)",
    )
    .replace("ledger.reserve(caps, 0.03)", 'ledger.reserve(caps, 0.03, session="shared", tokens=7)')
    .replace(
        "ledger.settle(0.03, 0.03)",
        'ledger.settle(0.03, 0.03, session="shared", reserved_tokens=7, tokens=7)',
    )
)


def test_one_sessions_budget_holds_when_two_processes_book_for_it(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    """Two replicas serving requests of one session (or compare mode's two columns at once) together book
    no more than the session's budget."""
    assert SESSION_SPENDER != SPENDER
    DbLedger(engine)
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SESSION_SPENDER, str(ROOT), db_url, str(go)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    go.touch()
    booked = [int(p.communicate(timeout=300)[0].strip()) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sum(booked) == 10  # 10 x $0.03 = $0.30, the session's budget; the app's $1.00 is not reached
    assert DbLedger(engine).session_usage("shared") == (70, pytest.approx(0.30))
    assert DbLedger(engine).balance().spent_usd == pytest.approx(0.30)
