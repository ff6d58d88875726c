"""Starting and watching an OpenAI fine-tuning job with the learner's own key.

Pure functions over an ``openai.OpenAI`` client the caller builds with ``client_for`` (the learner's key and
OpenAI's base URL passed explicitly, nothing from environment variables, see ``core.llm.client``).
Nothing here stores a key or a client. Every error of the SDK becomes a ``UserInputError`` with an
interface-string key (``datalab.err_api_*``), so the page can show it in the learner's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

import openai
from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent
from openai.types.fine_tuning.job_create_params import Method

from core import lifecycle, prices
from core.errors import UserInputError
from core.llm.client import make_client
from core.llm.errors import FailureKind, user_error
from core.llm.remote import OPENAI_BASE_URL
from features.datalab.formats import Format

T = TypeVar("T")

MAX_SUFFIX = 64
_SUFFIX = re.compile(r"^[A-Za-z0-9_-]*$")
ACTIVE_STATUSES = ("validating_files", "queued", "running")
TIMEOUT_S = 60.0


def client_for(api_key: str) -> openai.OpenAI:
    """A client for the learner's key, always aimed at ``OPENAI_BASE_URL`` (never an environment variable)."""
    key = api_key.strip()
    if not key:
        raise UserInputError("datalab.err_api_auth")
    return make_client(api_key=key, base_url=OPENAI_BASE_URL, timeout_s=TIMEOUT_S, max_retries=1)


@dataclass(frozen=True)
class JobInfo:
    id: str
    model: str
    status: str
    training_file: str
    created_at: int
    finished_at: int | None
    fine_tuned_model: str | None
    trained_tokens: int | None
    error_message: str | None

    @property
    def active(self) -> bool:
        """True while the job can still be cancelled."""
        return self.status in ACTIVE_STATUSES


@dataclass(frozen=True)
class JobEvent:
    id: str
    created_at: int
    level: str
    message: str


def _job(job: FineTuningJob) -> JobInfo:
    return JobInfo(
        id=job.id,
        model=job.model,
        status=job.status,
        training_file=job.training_file,
        created_at=job.created_at,
        finished_at=job.finished_at,
        fine_tuned_model=job.fine_tuned_model,
        trained_tokens=job.trained_tokens,
        error_message=job.error.message if job.error is not None else None,
    )


def _event(event: FineTuningJobEvent) -> JobEvent:
    return JobEvent(id=event.id, created_at=event.created_at, level=event.level, message=event.message)


#: The data lab's message for each kind of API failure (core.llm.errors classifies them).
MESSAGES: Mapping[FailureKind, str] = {
    "auth": "datalab.err_api_auth",
    "permission": "datalab.err_api_permission",
    "not_available": "datalab.err_api_training_closed",  # 403 training_not_available
    "quota": "datalab.err_api_quota",
    "rate_limit": "datalab.err_api_rate_limit",
    "not_found": "datalab.err_api_not_found",
    "context": "datalab.err_api_bad_request",
    "bad_request": "datalab.err_api_bad_request",
    "server": "datalab.err_api_server",
    "status": "datalab.err_api_status",
    "timeout": "datalab.err_api_timeout",
    "unreachable": "datalab.err_api_connection",
}


def map_error(exc: openai.OpenAIError) -> UserInputError:
    """A localized-message error for an SDK exception (the key never appears in it)."""
    return user_error(exc, MESSAGES, "datalab.err_api_other")


def _call(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except openai.OpenAIError as exc:
        raise map_error(exc) from None


OPEN_WEIGHT_KEY = "datalab.err_open_weight_model"
#: Messages that explain OpenAI's closure and point to the open-weight route (the page adds the links).
CLOSURE_KEYS = frozenset(
    {"datalab.err_api_training_closed", "datalab.err_training_closed", "datalab.err_not_fine_tunable"}
)


def check_fine_tunable(model: str, day: date) -> str:
    """The dated model id OpenAI fine-tunes for ``model``, or a ``UserInputError`` that explains why no
    OpenAI job can be created for it on ``day`` (an open-weight model, a model OpenAI does not fine-tune,
    or OpenAI's self-serve fine-tuning closed; ``core.lifecycle``)."""
    try:
        route = prices.route(model)
    except UserInputError:
        route = None
    entry = lifecycle.entry(model)
    if route == "hosted_lora" or (entry is not None and entry.provider != "openai"):
        raise UserInputError(OPEN_WEIGHT_KEY, model=model)
    if entry is None or not entry.fine_tunable or entry.status(day) == "shut_down":
        raise UserInputError("datalab.err_not_fine_tunable", model=model)
    if not entry.can_fine_tune(day):
        ends = entry.fine_tuning_ends.isoformat() if entry.fine_tuning_ends else ""
        raise UserInputError("datalab.err_training_closed", model=model, date=ends)
    snapshots = {row.model: row.snapshot for row in prices.load_finetune_table()}
    return snapshots.get(entry.model, entry.model)


def check_suffix(suffix: str) -> str:
    """The model-name suffix, stripped; raises ``UserInputError`` when it cannot be used."""
    suffix = suffix.strip()
    if len(suffix) > MAX_SUFFIX or not _SUFFIX.match(suffix):
        raise UserInputError("datalab.err_suffix", max=MAX_SUFFIX)
    return suffix


def upload_training_file(client: openai.OpenAI, filename: str, data: bytes) -> str:
    """Upload a JSONL training file (purpose ``fine-tune``); return the file id."""
    if not data:
        raise UserInputError("datalab.err_empty")
    name = filename if filename.endswith(".jsonl") else filename + ".jsonl"
    uploaded = _call(lambda: client.files.create(file=(name, data, "application/jsonl"), purpose="fine-tune"))
    return uploaded.id


def create_job(
    client: openai.OpenAI,
    training_file: str,
    model: str,
    epochs: int | None = None,
    suffix: str = "",
    file_format: Format = "chat",
) -> JobInfo:
    """Create a fine-tuning job: supervised for a chat file, DPO for a preference file; ``epochs=None``
    lets OpenAI choose (its default rule)."""
    clean_suffix = check_suffix(suffix)
    n_epochs: int | Literal["auto"] = "auto" if epochs is None else epochs
    method: Method = (
        {"type": "dpo", "dpo": {"hyperparameters": {"n_epochs": n_epochs}}}
        if file_format == "preference"
        else {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": n_epochs}}}
    )
    if clean_suffix:
        job = _call(
            lambda: client.fine_tuning.jobs.create(
                model=model, training_file=training_file, method=method, suffix=clean_suffix
            )
        )
    else:
        job = _call(
            lambda: client.fine_tuning.jobs.create(model=model, training_file=training_file, method=method)
        )
    return _job(job)


def start_job(
    client: openai.OpenAI,
    filename: str,
    data: bytes,
    model: str,
    epochs: int | None = None,
    suffix: str = "",
    file_format: Format = "chat",
) -> JobInfo:
    """Upload the file, then create the job (the suffix is checked before anything is sent)."""
    check_suffix(suffix)
    file_id = upload_training_file(client, filename, data)
    return create_job(client, file_id, model, epochs, suffix, file_format)


def retrieve_job(client: openai.OpenAI, job_id: str) -> JobInfo:
    return _job(_call(lambda: client.fine_tuning.jobs.retrieve(job_id)))


def list_events(client: openai.OpenAI, job_id: str, limit: int = 20) -> list[JobEvent]:
    """The newest ``limit`` events of a job, newest first."""
    page = _call(lambda: client.fine_tuning.jobs.list_events(job_id, limit=limit))
    return [_event(e) for e in page.data]


def cancel_job(client: openai.OpenAI, job_id: str) -> JobInfo:
    return _job(_call(lambda: client.fine_tuning.jobs.cancel(job_id)))
