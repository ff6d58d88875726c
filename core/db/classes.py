"""A class and its members: create (code + trainer secret, shown once), join by code with a nickname,
leave (the member's rows go with them), delete (the trainer, with the secret); record a member's results.

A member is known by a random token that only their browser session holds; the database keeps its hash.
The trainer secret is kept as a salted scrypt hash and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db.models import (
    CHOSEN_MAX,
    CODE_LEN,
    ID_MAX,
    NICK_MAX,
    ClassRoom,
    ExperimentRun,
    LessonDone,
    Member,
    QuizAnswer,
    WizardResult,
)
from core.errors import UserInputError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed without doubt
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


@dataclass(frozen=True)
class NewClass:
    code: str
    secret: str  # shown to the trainer once; only its hash is stored


@dataclass(frozen=True)
class Membership:
    """What a learner's session keeps after joining (the token writes and deletes their rows)."""

    code: str
    nickname: str
    token: str


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _hash_secret(secret: str, salt: str) -> str:
    return hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(salt), **_SCRYPT).hex()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_code(raw: str) -> str:
    """A typed class code as stored: upper case, without spaces and dashes."""
    return "".join(ch for ch in raw.upper() if ch not in " -\t")


def check_code(raw: str) -> str:
    code = normalise_code(raw)
    if len(code) != CODE_LEN or any(ch not in CODE_ALPHABET for ch in code):
        raise UserInputError("classroom.err_code", length=CODE_LEN)
    return code


def check_nickname(raw: str) -> str:
    """A nickname of 1 to 24 printable characters (spaces inside allowed)."""
    nick = " ".join(unicodedata.normalize("NFC", raw).split())
    if not nick or len(nick) > NICK_MAX or not all(ch.isprintable() for ch in nick):
        raise UserInputError("classroom.err_nickname", limit=NICK_MAX)
    return nick


def create_class(engine: Engine) -> NewClass:
    """A new class with a fresh code (retried on the rare collision) and trainer secret."""
    secret = secrets.token_urlsafe(12)
    salt = secrets.token_hex(16)
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LEN))
        try:
            with Session(engine) as session, session.begin():
                session.add(
                    ClassRoom(
                        code=code,
                        secret_hash=_hash_secret(secret, salt),
                        secret_salt=salt,
                        created_at=_now(),
                    )
                )
        except IntegrityError:
            continue
        return NewClass(code, secret)
    raise RuntimeError("no free class code after 20 tries")


def _class_by_code(session: Session, code: str) -> ClassRoom:
    found = session.scalars(select(ClassRoom).where(ClassRoom.code == check_code(code))).first()
    if found is None:
        raise UserInputError("classroom.err_no_class", code=normalise_code(code))
    return found


def trainer_class_id(engine: Engine, code: str, secret: str) -> int:
    """The class's id when ``secret`` is its trainer secret; otherwise ``classroom.err_secret``."""
    with Session(engine) as session:
        room = _class_by_code(session, code)
        if not hmac.compare_digest(_hash_secret(secret.strip(), room.secret_salt), room.secret_hash):
            raise UserInputError("classroom.err_secret")
        return room.id


def delete_class(engine: Engine, code: str, secret: str) -> None:
    """Delete the class with every member and result (the trainer secret is required)."""
    delete_class_by_id(engine, trainer_class_id(engine, code, secret))


def delete_class_by_id(engine: Engine, class_id: int) -> None:
    """Delete a class whose secret the caller has checked (``trainer_class_id``), with all its rows."""
    with Session(engine) as session, session.begin():
        members = select(Member.id).where(Member.class_id == class_id)
        for table in (QuizAnswer, LessonDone, WizardResult, ExperimentRun):  # also without FK support
            session.execute(delete(table).where(table.member_id.in_(members)))
        session.execute(delete(Member).where(Member.class_id == class_id))
        session.execute(delete(ClassRoom).where(ClassRoom.id == class_id))


def join(engine: Engine, code: str, nickname: str) -> Membership:
    nick = check_nickname(nickname)
    token = secrets.token_urlsafe(24)
    try:
        with Session(engine) as session, session.begin():
            room = _class_by_code(session, code)
            session.add(
                Member(class_id=room.id, nickname=nick, token_hash=_hash_token(token), joined_at=_now())
            )
            stored_code = room.code
    except IntegrityError:
        raise UserInputError("classroom.err_nickname_taken", nickname=nick) from None
    return Membership(stored_code, nick, token)


def _member(session: Session, token: str) -> Member | None:
    return session.scalars(select(Member).where(Member.token_hash == _hash_token(token))).first()


def is_member(engine: Engine, token: str) -> bool:
    """False once the learner left or the trainer deleted the class."""
    with Session(engine) as session:
        return _member(session, token) is not None


def leave(engine: Engine, token: str) -> None:
    """Remove the member and everything recorded for them (nothing happens for an unknown token)."""
    with Session(engine) as session, session.begin():
        member = _member(session, token)
        if member is not None:
            session.delete(member)
            session.flush()
            for table in (QuizAnswer, LessonDone, WizardResult, ExperimentRun):  # also without FK support
                session.execute(delete(table).where(table.member_id == member.id))


def _ident(value: str) -> str:
    if not value or len(value) > ID_MAX:
        raise ValueError(f"identifier of 1 to {ID_MAX} characters expected, got {len(value)}")
    return value


def _options(values: Iterable[str]) -> str:
    joined = ",".join(sorted({_ident(v) for v in values}))
    if len(joined) > CHOSEN_MAX:
        raise ValueError("too many options")
    return joined


def record_quiz_answer(
    engine: Engine,
    token: str,
    *,
    lesson_id: str,
    question_id: str,
    chosen: Iterable[str],
    right: Iterable[str],
) -> bool:
    """Store a member's latest answer to one question (``right``: the question's correct option ids).
    Returns False (and stores nothing) when the token is no member's."""
    chosen_set, right_set = set(chosen), set(right)
    with Session(engine) as session, session.begin():
        member = _member(session, token)
        if member is None:
            return False
        session.execute(
            delete(QuizAnswer).where(
                QuizAnswer.member_id == member.id,
                QuizAnswer.lesson_id == lesson_id,
                QuizAnswer.question_id == question_id,
            )
        )
        session.add(
            QuizAnswer(
                member_id=member.id,
                lesson_id=_ident(lesson_id),
                question_id=_ident(question_id),
                chosen=_options(chosen_set),
                wrong=_options(chosen_set - right_set),
                correct=chosen_set == right_set,
                answered_at=_now(),
            )
        )
    return True


def record_lesson_done(engine: Engine, token: str, lesson_id: str) -> bool:
    with Session(engine) as session, session.begin():
        member = _member(session, token)
        if member is None:
            return False
        if session.get(LessonDone, (member.id, lesson_id)) is None:
            session.add(LessonDone(member_id=member.id, lesson_id=_ident(lesson_id), done_at=_now()))
    return True


def record_wizard(engine: Engine, token: str, recommendation: str, runner_up: str | None) -> bool:
    with Session(engine) as session, session.begin():
        member = _member(session, token)
        if member is None:
            return False
        row = session.get(WizardResult, member.id)
        if row is None:
            row = WizardResult(member_id=member.id)
            session.add(row)
        row.recommendation = _ident(recommendation)
        row.runner_up = _ident(runner_up) if runner_up else None
        row.decided_at = _now()
    return True


def record_experiment(
    engine: Engine,
    token: str,
    *,
    variant: str,
    model: str,
    accuracy: float,
    examples: int,
    valid_rate: float | None = None,
) -> bool:
    if not 0.0 <= accuracy <= 1.0 or examples < 1:
        raise ValueError("accuracy in [0, 1] and at least one example expected")
    if valid_rate is not None and not 0.0 <= valid_rate <= 1.0:
        raise ValueError("valid_rate in [0, 1] expected")
    with Session(engine) as session, session.begin():
        member = _member(session, token)
        if member is None:
            return False
        session.add(
            ExperimentRun(
                member_id=member.id,
                variant=_ident(variant),
                model=_ident(model[:ID_MAX]),
                accuracy=float(accuracy),
                examples=int(examples),
                valid_rate=valid_rate,
                run_at=_now(),
            )
        )
    return True
