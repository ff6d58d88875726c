"""bench/classroom.py's learners: a Streamlit websocket client that also changes widgets (as a browser does:
``rerun_script`` with widget states, addressed by the widget ids the server sent), and one learner's loop.

Widget values on the wire: a select slider and a radio send the formatted option strings, a number input
its number, a text area its text, a button a one-shot trigger.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from tests.e2e.wsclient import WsSession

_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
QUEUED_MARK = "in line"  # the English queue message: "You are number N in line"


@dataclass
class Run:
    seconds: float
    ok: bool
    exceptions: list[str] = field(default_factory=list)
    queue_wait_s: float | None = None  # from the click to the first answer text after a queue message


@dataclass
class Tally:
    reruns: list[float] = field(default_factory=list)
    generations: list[float] = field(default_factory=list)
    queue_waits: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class WidgetSession(WsSession):
    """A session that remembers the widgets the server drew (user key -> id and options)."""

    def __init__(self, url: str, locale: str = "en-US") -> None:
        super().__init__(url, locale)
        self.ids: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.values: dict[str, WidgetState] = {}  # what this "browser" holds, sent with every rerun

    def _learn(self, element: object) -> None:
        kind = element.WhichOneof("type")  # type: ignore[attr-defined]
        proto = getattr(element, kind, None) if kind else None
        wid = getattr(proto, "id", "")
        if isinstance(wid, str) and wid.startswith("$$ID-"):
            key = wid.split("-", 2)[2] if wid.count("-") >= 2 else wid
            self.ids[key] = wid
            opts = getattr(proto, "options", None)
            if opts is not None:
                self.options[key] = list(opts)

    def set(self, key: str, **value: object) -> None:
        state = WidgetState(id=self.ids[key])
        for name, v in value.items():
            if name == "string_array_value":
                state.string_array_value.data.extend(v)  # type: ignore[arg-type]
            else:
                setattr(state, name, v)
        self.values[key] = state

    async def rerun(self, page: str, query: str, *, click: str | None = None, timeout: float = 300) -> Run:
        assert self.ws is not None
        state = ClientState(
            query_string=query,
            context_info=ContextInfo(locale=self.locale, timezone="UTC", timezone_offset=0, url=self.ws_url),
        )
        page_hash = self.page_hashes.get(page)
        if page_hash:
            state.page_script_hash = page_hash
        else:
            state.page_name = page
        widgets = list(self.values.values())
        if click is not None:
            widgets.append(WidgetState(id=self.ids[click], trigger_value=True))
        state.widget_states.widgets.extend(widgets)
        msg = BackMsg()
        msg.rerun_script.CopyFrom(state)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run(0.0, False)
        queued_at: float | None = None
        while True:
            remaining = start + timeout - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"run of {page!r} did not finish within {timeout:.0f} s")
            raw = await asyncio.wait_for(self.ws.recv(), remaining)
            if isinstance(raw, str):
                continue
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                etype = element.WhichOneof("type")
                self._learn(element)
                if etype == "exception":
                    run.exceptions.append(f"{element.exception.type}: {element.exception.message[:100]}")
                elif etype == "alert" and QUEUED_MARK in element.alert.body:
                    queued_at = queued_at or time.perf_counter()
                elif etype == "markdown" and click and queued_at is not None and run.queue_wait_s is None:
                    run.queue_wait_s = time.perf_counter() - start
            elif kind == "navigation":
                for app_page in fwd.navigation.app_pages:
                    path = "" if app_page.is_default else app_page.url_pathname
                    self.page_hashes[path] = app_page.page_script_hash
            elif kind == "script_finished" and fwd.script_finished in _DONE:
                run.seconds = time.perf_counter() - start
                run.ok = fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY and not run.exceptions
                if click and run.queue_wait_s is None:
                    run.queue_wait_s = 0.0  # the model was free: no queue message
                return run


async def learner(n: int, url: str, deadline: float, tally: Tally, quiz: list[tuple[str, str, int]],
                  wizard_query: str, out_tokens: int) -> None:  # fmt: skip
    """Sliders, quiz answers, the wizard; every third learner also generates (English, short answers).
    ``quiz``: (lesson id, question id, number of options) of single-choice questions."""
    rng = random.Random(16 + n)
    generator = n % 3 == 0
    lang = "en" if generator or n % 2 == 0 else "de"
    query = f"lang={lang}"

    def record(label: str, run: Run, generation: bool = False) -> None:
        (tally.generations if generation else tally.reruns).append(run.seconds)
        if generation and run.queue_wait_s is not None:
            tally.queue_waits.append(run.queue_wait_s)
        if not run.ok:
            tally.errors.append(f"learner {n} {label}: {run.exceptions[:1]}")

    try:
        async with WidgetSession(url, locale="en-US" if lang == "en" else "de-DE") as s:
            await s.run("", query)
            step = 0
            while time.perf_counter() < deadline:
                step += 1
                action = step % (4 if generator else 3)
                try:
                    if action == 0:
                        s.values.clear()
                        await s.rerun("simulator", query)
                        options = s.options.get("sim_rpd_sl", [])
                        if options:
                            s.set("sim_rpd_sl", string_array_value=[rng.choice(options)])
                        record("slider", await s.rerun("simulator", query))
                    elif action == 1:
                        lesson, question, _count = quiz[step % len(quiz)]
                        s.values.clear()
                        q = f"{query}&lesson={lesson}"
                        await s.rerun("lessons", q)
                        key = f"lessons_quiz_{lesson}_{question}"
                        options = s.options.get(f"{key}_radio", [])
                        s.set(f"{key}_radio", string_value=rng.choice(options))
                        record("quiz", await s.rerun("lessons", q, click=f"{key}_check"))
                    elif action == 2:
                        s.values.clear()
                        record("wizard", await s.rerun("wizard", f"{query}&{wizard_query}"))
                    else:
                        s.values.clear()
                        await s.rerun("playground", query)
                        s.set("pg_max_tokens", double_value=float(out_tokens))
                        s.set("pg_user", string_value=f"Name a colour ({n}.{step}).")
                        record(
                            "generate", await s.rerun("playground", query, click="pg_run"), generation=True
                        )
                except (TimeoutError, KeyError) as exc:
                    tally.errors.append(f"learner {n}: {type(exc).__name__}: {exc}")
                await asyncio.sleep(rng.uniform(1.0, 3.0))
    except Exception as exc:  # a dropped connection is an error of the class, not of the benchmark
        tally.errors.append(f"learner {n}: {type(exc).__name__}: {exc}")
