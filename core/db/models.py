"""The tables. Their schema is created and changed only by the migrations in ``migrations/versions/``;
``tests/test_db.py`` checks that the migrated schema matches these models.

Text columns hold identifiers (class codes, option ids, lesson ids, approach and variant names, model
names) and the nickname a learner chose; never an API key, a prompt or an uploaded file.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

CODE_LEN = 6
NICK_MAX = 24
ID_MAX = 64  # lesson, question, option ids and names of approaches, variants, models
CHOSEN_MAX = 400


class Base(DeclarativeBase):
    pass


class ClassRoom(Base):
    """One class: its short code (what learners type) and the trainer secret's hash (shown once)."""

    __tablename__ = "classes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LEN), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(128))
    secret_salt: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Member(Base):
    """A learner who joined a class with a nickname. ``token_hash`` is the hash of the random token their
    browser session holds (the only way to write or delete their rows)."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("class_id", "nickname", name="uq_members_class_nickname"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    nickname: Mapped[str] = mapped_column(String(NICK_MAX))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime)


class QuizAnswer(Base):
    """A member's latest answer to one quiz question: the chosen option ids, the wrong ones among them."""

    __tablename__ = "quiz_answers"
    __table_args__ = (
        UniqueConstraint("member_id", "lesson_id", "question_id", name="uq_quiz_answers_member_question"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[str] = mapped_column(String(ID_MAX))
    question_id: Mapped[str] = mapped_column(String(ID_MAX))
    chosen: Mapped[str] = mapped_column(String(CHOSEN_MAX))  # option ids, comma-separated, sorted
    wrong: Mapped[str] = mapped_column(String(CHOSEN_MAX))  # the chosen options that are not right
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(DateTime)


class LessonDone(Base):
    __tablename__ = "lessons_done"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(ID_MAX), primary_key=True)
    done_at: Mapped[datetime] = mapped_column(DateTime)


class WizardResult(Base):
    """A member's latest recommendation from the decision wizard."""

    __tablename__ = "wizard_results"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    recommendation: Mapped[str] = mapped_column(String(ID_MAX))
    runner_up: Mapped[str | None] = mapped_column(String(ID_MAX), nullable=True)
    decided_at: Mapped[datetime] = mapped_column(DateTime)


class ExperimentRun(Base):
    """One evaluated variant of the experiment page ("beat the fine-tune"): its figures, no texts."""

    __tablename__ = "experiment_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    variant: Mapped[str] = mapped_column(String(ID_MAX))
    model: Mapped[str] = mapped_column(String(ID_MAX))
    accuracy: Mapped[float] = mapped_column(Float)
    examples: Mapped[int] = mapped_column(Integer)
    valid_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    run_at: Mapped[datetime] = mapped_column(DateTime)


class LedgerAccount(Base):
    """Money booked against one budget, in micro-dollars (integers, so sums are exact):
    ``app`` for the whole deployment, ``session:<random id>`` for one learner session."""

    __tablename__ = "ledger"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    spent_micro: Mapped[int] = mapped_column(BigInteger, default=0)
    reserved_micro: Mapped[int] = mapped_column(BigInteger, default=0)
    tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
