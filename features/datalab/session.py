"""The data lab's own session-state entries (all ``dl_``-prefixed; no other feature reads them)."""

from __future__ import annotations

LOADED = "dl_loaded"  # {"name": str, "data": bytes}
# {"sig": (sha, model), "report": Report}. The parsed dataset is not kept (a 50 MB file parses into several
# hundred MB of Python objects); fixes parse the file again.
RESULT = "dl_result"
LOAD_ERROR = "dl_load_error"  # UserInputError of the last load attempt
UPLOAD_DONE = "dl_upload_done"  # (name, size, file id) of the upload already loaded
FIXED = "dl_fixed"  # {"sig": ..., "data": bytes, "changes": tuple[Change, ...], "report": Report}
JOB = "dl_job"  # JobInfo of the job started in this session
JOB_EVENTS = "dl_job_events"
JOB_ERROR = "dl_job_error"
