"""A minimal Streamlit client over the app's own websocket protocol (/_stcore/stream), for load tests.

It does what the browser does on the wire — sends ``rerun_script`` back-messages and reads forward-messages
until ``script_finished`` — without rendering anything, so 30 simulated learners fit on 2 cores next to
the server. Loopback only; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

_DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


@dataclass
class RunResult:
    seconds: float
    page: str
    status: int
    exceptions: list[str] = field(default_factory=list)
    elements: int = 0

    @property
    def ok(self) -> bool:
        return self.status == ForwardMsg.FINISHED_SUCCESSFULLY and not self.exceptions


class WsSession:
    """One browser-less session. ``url`` is the server root, e.g. ``http://127.0.0.1:8501``."""

    def __init__(self, url: str, locale: str = "en-US") -> None:
        self.ws_url = url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.locale = locale
        self.ws: ClientConnection | None = None
        self.page_hashes: dict[str, str] = {}  # url path ("" = default page) -> page_script_hash

    async def __aenter__(self) -> WsSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self, timeout: float = 30.0) -> None:
        self.ws = await asyncio.wait_for(
            connect(self.ws_url, subprotocols=["streamlit"], max_size=None, compression=None), timeout
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def run(self, page: str = "", query: str = "", timeout: float = 60.0) -> RunResult:
        """Run ``page`` (its url path, "" for the default page) with ``query``; wait for the run to finish."""
        assert self.ws is not None, "not connected"
        state = ClientState(
            query_string=query,
            context_info=ContextInfo(
                locale=self.locale, timezone="UTC", timezone_offset=0, url=self.ws_url, color_scheme="light"
            ),
        )
        page_hash = self.page_hashes.get(page)
        if page_hash:
            state.page_script_hash = page_hash
        else:
            state.page_name = page
        msg = BackMsg()
        msg.rerun_script.CopyFrom(state)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        result = RunResult(seconds=0.0, page=page, status=-1)
        deadline = start + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"run of page {page!r} did not finish within {timeout:.0f} s")
            raw = await asyncio.wait_for(self.ws.recv(), remaining)
            if isinstance(raw, str):
                continue
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                if fwd.delta.WhichOneof("type") == "new_element":
                    result.elements += 1
                    element = fwd.delta.new_element
                    if element.WhichOneof("type") == "exception":
                        result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif kind == "navigation":
                for app_page in fwd.navigation.app_pages:
                    path = "" if app_page.is_default else app_page.url_pathname
                    self.page_hashes[path] = app_page.page_script_hash
                    self.page_hashes.setdefault(app_page.url_pathname, app_page.page_script_hash)
            elif kind == "script_finished" and fwd.script_finished in _DONE:
                result.status = fwd.script_finished
                result.seconds = time.perf_counter() - start
                return result


async def visit_pages(url: str, pages: list[str], query: str = "lang=en") -> list[RunResult]:
    """One session that opens the default page, then each page in ``pages``; returns every run's result."""
    async with WsSession(url) as session:
        results = [await session.run("", query)]
        for page in pages:
            results.append(await session.run(page, query))
        return results
