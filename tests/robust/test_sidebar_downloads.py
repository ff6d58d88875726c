"""The sidebar's progress downloads are drawn only while "save / resume" is open (they cost on every rerun of
every page); the upload stays available."""

from __future__ import annotations

from core.progress import Progress
from tests.apptest import open_page
from ui import state


def _downloads(at: object) -> list[object]:
    return [d for d in at.get("download_button") if d.proto.id and "sidebar_dl" in d.proto.id]  # type: ignore[attr-defined]


def test_downloads_only_while_open_and_with_the_progress() -> None:
    at = open_page("pages/glossary.py", "en")
    assert not at.exception
    assert not _downloads(at)
    assert not any(u.key == "sidebar_upload" for u in at.sidebar.get("file_uploader"))  # closed: not drawn
    first = state._course("en").lesson_ids[0]
    at.session_state[state.PROGRESS_KEY] = Progress(lessons_read=[first])
    at.session_state["sidebar_exp_save"] = True
    at.run()
    assert not at.exception
    assert len(_downloads(at)) == 2
    assert at.sidebar.file_uploader(key="sidebar_upload") is not None
