"""The workshop budget in the database: dollars booked with the owner's key by every session of every app
process (replica) together, so N replicas cannot spend N times the budget.

Amounts are integer micro-dollars. A booking is one conditional ``UPDATE … WHERE spent + reserved + x <=
cap``: the database applies it atomically (PostgreSQL locks the row, SQLite the file), so two processes
that book at the same moment can never both pass a cap only one of them fits under. A session's budget
(tokens and dollars, row ``session:<random id>``) is booked in the same transaction as the app's, so a
refusal of either books neither. Same interface as ``core.llm.caps.AppLedger`` (``reserve`` before a
call, ``settle`` after it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, case, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from core import fmt
from core.db.models import LedgerAccount
from core.errors import UserInputError
from core.llm.caps import WorkshopCaps, session_refusal

APP_ACCOUNT = "app"
MICRO = 1_000_000


def to_micro(usd: float, *, up: bool) -> int:
    """Dollars as micro-dollars, rounded up (a worst case or a cost) or down (a cap)."""
    scaled = usd * MICRO
    return math.ceil(scaled - 1e-6) if up else math.floor(scaled + 1e-6)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Balance:
    spent_usd: float
    reserved_usd: float


SESSION_PREFIX = "session:"
SESSION_ID_MAX = 80 - len(SESSION_PREFIX)


def session_account(session: str) -> str:
    """The ledger row of one learner session (a random id; no user data)."""
    if not session or len(session) > SESSION_ID_MAX:
        raise ValueError("a session id must have 1 to 72 characters")
    return SESSION_PREFIX + session


class DbLedger:
    """The workshop budget kept in the database: the app-wide dollars (``app_usd``) and each session's
    tokens and dollars. Holds no key and no learner data (a session is a random id)."""

    def __init__(self, engine: Engine, account: str = APP_ACCOUNT) -> None:
        self._engine = engine
        self._account = account
        self._ensure(account)

    def _ensure(self, name: str) -> None:
        with self._engine.connect() as conn:
            exists = conn.scalar(select(LedgerAccount.name).where(LedgerAccount.name == name))
        if exists is not None:
            return
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    insert(LedgerAccount).values(
                        name=name, spent_micro=0, reserved_micro=0, tokens=0, updated_at=_now()
                    )
                )
        except IntegrityError:  # another process created it at the same moment
            pass

    def balance(self) -> Balance:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(LedgerAccount.spent_micro, LedgerAccount.reserved_micro).where(
                    LedgerAccount.name == self._account
                )
            ).one()
        return Balance(row.spent_micro / MICRO, row.reserved_micro / MICRO)

    def session_usage(self, session: str) -> tuple[int, float]:
        """Tokens and dollars (spent and booked) of one session; nothing for a session never booked."""
        table = LedgerAccount
        with self._engine.connect() as conn:
            row = conn.execute(
                select(table.tokens, table.spent_micro, table.reserved_micro).where(
                    table.name == session_account(session)
                )
            ).one_or_none()
        if row is None:
            return 0, 0.0
        return int(row.tokens), (row.spent_micro + row.reserved_micro) / MICRO

    def reserve(self, caps: WorkshopCaps, worst_usd: float, *, session: str = "", tokens: int = 0) -> None:
        """Book ``worst_usd`` against the app's budget and, with ``session``, ``tokens`` and ``worst_usd``
        against that session's, in one transaction: each is one conditional ``UPDATE`` (the database applies
        it atomically), and a refusal of either rolls both back. Raises ``llm.cap_tokens``,
        ``llm.cap_money`` (the session's) or ``llm.cap_app_money``; nothing is booked then."""
        if worst_usd < 0 or tokens < 0:
            raise ValueError("a booking must not be negative")
        amount = to_micro(worst_usd, up=True)
        table = LedgerAccount
        if session:
            self._ensure(session_account(session))
        with self._engine.begin() as conn:  # an exception inside rolls the whole booking back
            if session:
                name = session_account(session)
                booked = conn.execute(
                    update(table)
                    .where(
                        table.name == name,
                        table.tokens + tokens <= caps.session_tokens,
                        table.spent_micro + table.reserved_micro + amount
                        <= to_micro(caps.session_usd, up=False),
                    )
                    .values(
                        reserved_micro=table.reserved_micro + amount,
                        tokens=table.tokens + tokens,
                        updated_at=_now(),
                    )
                ).rowcount
                if booked != 1:
                    row = conn.execute(
                        select(table.tokens, table.spent_micro, table.reserved_micro).where(
                            table.name == name
                        )
                    ).one()
                    used = (row.spent_micro + row.reserved_micro) / MICRO
                    session_refusal(caps, int(row.tokens), used, tokens, worst_usd)
                    raise UserInputError(  # rounding put it over by less than a micro-dollar
                        "llm.cap_money", needed=fmt.Money(round(worst_usd, 6)), left=fmt.Money(0.0)
                    )
            booked = conn.execute(
                update(table)
                .where(
                    table.name == self._account,
                    table.spent_micro + table.reserved_micro + amount <= to_micro(caps.app_usd, up=False),
                )
                .values(reserved_micro=table.reserved_micro + amount, updated_at=_now())
            ).rowcount
            if booked != 1:
                app = conn.execute(
                    select(table.spent_micro, table.reserved_micro).where(table.name == self._account)
                ).one()
                left = caps.app_usd - (app.spent_micro + app.reserved_micro) / MICRO
                raise UserInputError(
                    "llm.cap_app_money",
                    needed=fmt.Money(round(worst_usd, 6)),
                    left=fmt.Money(round(max(0.0, left), 6)),
                )

    def settle(
        self,
        reserved_usd: float,
        actual_usd: float,
        *,
        session: str = "",
        reserved_tokens: int = 0,
        tokens: int = 0,
    ) -> None:
        """Replace a booking by what the request used (an interrupted run never settles: stays booked)."""
        reserved = to_micro(reserved_usd, up=True)
        actual = to_micro(max(0.0, actual_usd), up=True)
        table = LedgerAccount
        # rows in the order reserve() locks them (session, then app): two transactions never wait on each
        # other's rows in opposite orders (a deadlock on PostgreSQL)
        names = ([session_account(session)] if session else []) + [self._account]
        with self._engine.begin() as conn:
            for name in names:
                values: dict[str, object] = {
                    "reserved_micro": case(
                        (table.reserved_micro > reserved, table.reserved_micro - reserved), else_=0
                    ),
                    "spent_micro": table.spent_micro + actual,
                    "updated_at": _now(),
                }
                if name != self._account:
                    change = max(0, tokens) - reserved_tokens
                    values["tokens"] = case((table.tokens + change > 0, table.tokens + change), else_=0)
                conn.execute(update(table).where(table.name == name).values(**values))

    def forget_sessions(self, idle_since: datetime) -> int:
        """Delete the rows of sessions not booked since ``idle_since`` (naive UTC); returns how many. A
        session's budget outlives its browser tab only as long as that."""
        table = LedgerAccount
        with self._engine.begin() as conn:
            return conn.execute(
                delete(table).where(table.name.startswith(SESSION_PREFIX), table.updated_at < idle_since)
            ).rowcount
