"""The workshop budget in the database: dollars booked with the owner's key by every session of every app
process (replica) together, so N replicas cannot spend N times the budget.

Amounts are integer micro-dollars. A booking is one conditional ``UPDATE … WHERE spent + reserved + x <=
cap``: the database applies it atomically (PostgreSQL locks the row, SQLite the file), so two processes
that book at the same moment can never both pass a cap only one of them fits under. Same interface as
``core.llm.caps.AppLedger`` (``reserve`` before a call, ``settle`` after it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, case, insert, select, update
from sqlalchemy.exc import IntegrityError

from core import fmt
from core.db.models import LedgerAccount
from core.errors import UserInputError
from core.llm.caps import WorkshopCaps

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


class DbLedger:
    """The app-wide budget (``app_usd``) kept in the database; holds no key and no learner data."""

    def __init__(self, engine: Engine, account: str = APP_ACCOUNT) -> None:
        self._engine = engine
        self._account = account
        self._ensure()

    def _ensure(self) -> None:
        with self._engine.connect() as conn:
            exists = conn.scalar(select(LedgerAccount.name).where(LedgerAccount.name == self._account))
        if exists is not None:
            return
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    insert(LedgerAccount).values(
                        name=self._account, spent_micro=0, reserved_micro=0, tokens=0, updated_at=_now()
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

    def reserve(self, caps: WorkshopCaps, worst_usd: float) -> None:
        """Book ``worst_usd`` or raise ``llm.cap_app_money`` (nothing booked) if the budget cannot hold it."""
        if worst_usd < 0:
            raise ValueError("worst_usd must not be negative")
        amount = to_micro(worst_usd, up=True)
        cap = to_micro(caps.app_usd, up=False)
        table = LedgerAccount
        with self._engine.begin() as conn:
            booked = conn.execute(
                update(table)
                .where(
                    table.name == self._account,
                    table.spent_micro + table.reserved_micro + amount <= cap,
                )
                .values(reserved_micro=table.reserved_micro + amount, updated_at=_now())
            ).rowcount
        if booked != 1:
            left = self.balance()
            raise UserInputError(
                "llm.cap_app_money",
                needed=fmt.Money(round(worst_usd, 6)),
                left=fmt.Money(round(max(0.0, caps.app_usd - left.spent_usd - left.reserved_usd), 6)),
            )

    def settle(self, reserved_usd: float, actual_usd: float) -> None:
        """Replace a booking by what the request cost (an interrupted run never settles: stays booked)."""
        reserved = to_micro(reserved_usd, up=True)
        actual = to_micro(max(0.0, actual_usd), up=True)
        table = LedgerAccount
        with self._engine.begin() as conn:
            conn.execute(
                update(table)
                .where(table.name == self._account)
                .values(
                    reserved_micro=case(
                        (table.reserved_micro > reserved, table.reserved_micro - reserved), else_=0
                    ),
                    spent_micro=table.spent_micro + actual,
                    updated_at=_now(),
                )
            )
