"""The first schema: classes, members, their results and the workshop ledger.

Revision ID: 0001
Revises: none
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(6), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(128), nullable=False),
        sa.Column("secret_salt", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("nickname", sa.String(24), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("joined_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("class_id", "nickname", name="uq_members_class_nickname"),
    )
    op.create_index("ix_members_class_id", "members", ["class_id"])
    member = sa.ForeignKey("members.id", ondelete="CASCADE")
    op.create_table(
        "quiz_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("member_id", sa.Integer, member, nullable=False),
        sa.Column("lesson_id", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("chosen", sa.String(400), nullable=False),
        sa.Column("wrong", sa.String(400), nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("answered_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("member_id", "lesson_id", "question_id", name="uq_quiz_answers_member_question"),
    )
    op.create_index("ix_quiz_answers_member_id", "quiz_answers", ["member_id"])
    op.create_table(
        "lessons_done",
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("lesson_id", sa.String(64), primary_key=True),
        sa.Column("done_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "wizard_results",
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("recommendation", sa.String(64), nullable=False),
        sa.Column("runner_up", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "experiment_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
        sa.Column("variant", sa.String(64), nullable=False),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("accuracy", sa.Float, nullable=False),
        sa.Column("examples", sa.Integer, nullable=False),
        sa.Column("valid_rate", sa.Float, nullable=True),
        sa.Column("run_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_experiment_runs_member_id", "experiment_runs", ["member_id"])
    op.create_table(
        "ledger",
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("spent_micro", sa.BigInteger, nullable=False),
        sa.Column("reserved_micro", sa.BigInteger, nullable=False),
        sa.Column("tokens", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "ledger",
        "experiment_runs",
        "wizard_results",
        "lessons_done",
        "quiz_answers",
        "members",
        "classes",
    ):
        op.drop_table(table)
