"""The walkthrough of a new learner, one step function per page.

Each step receives a ``Walk`` (the browser tab, the translator and the course for the language) and drives
its page the way a learner would, asserting what the learner should see. Expected texts come from the
content files through ``core`` (never hard-coded), so the same step runs in German and English.

To cover a new page: write ``step_<page>(walk)`` (end it with ``walk.check("<page>")``) and append
``Step("<page>", step_<page>)`` to ``STEPS``; its free-text fields go into ``FREE_TEXT_FIELDS`` (XSS test).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from core import fmt, i18n, prices, tokens
from core.content import Course, QuizQuestion, search_glossary
from core.errors import UserInputError
from core.i18n import Lang, Translator
from core.llm import local
from features.datalab import checks as dataset
from features.lessons import quiz as quizlib
from features.wizard import codec, rules, scoring
from tests.e2e.driver import StreamlitPage


@dataclass
class Walk:
    sp: StreamlitPage
    t: Translator
    course: Course
    test: str  # prefix for screenshot names

    @property
    def lang(self) -> str:
        return self.sp.lang

    @property
    def lang_code(self) -> Lang:
        code = i18n.parse_lang(self.sp.lang)
        assert code is not None, self.sp.lang
        return code

    def check(self, step: str) -> None:
        self.sp.check(f"{self.test}-{self.lang}-{step}")

    def assert_lang_in_url(self) -> None:
        assert f"lang={self.lang}" in self.sp.page.url, f"?lang= lost: {self.sp.page.url}"


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Walk], None]


# ------------------------------------------------------------------------------------------------- home
def step_home(walk: Walk) -> None:
    sp, t = walk.sp, walk.t
    sp.goto("")
    sp.expect_h1(t("home.title"))
    # The three-step path is offered as links (named by what they do, not repeating the card's heading).
    for key in ("home.open_lessons", "home.open_playground", "home.open_wizard"):
        expect(sp.main().get_by_role("link", name=t(key), exact=True)).to_have_count(1)
    walk.check("home")


# ---------------------------------------------------------------------------------------------- lessons
def _lesson_label(course: Course, lesson_id: str) -> str:
    meta = course.lesson(lesson_id).meta
    return f"{meta.order}. {meta.title}"


def step_lessons(walk: Walk) -> None:
    """Every lesson: the first from the sidebar, the others through the lesson selector; then a deep link."""
    sp, t, course = walk.sp, walk.t, walk.course
    ids = course.lesson_ids
    sp.nav_click(t("nav.lessons"))
    walk.assert_lang_in_url()
    sp.expect_h1(course.lesson(ids[0]).meta.title)
    walk.check(f"lesson-{ids[0]}")
    for lesson_id in ids[1:]:
        sp.select(t("lessons.choose"), _lesson_label(course, lesson_id), scope=sp.main())
        sp.expect_h1(course.lesson(lesson_id).meta.title)
        assert f"lesson={lesson_id}" in sp.page.url
        walk.check(f"lesson-{lesson_id}")
    # A shared link to a lesson opens that lesson.
    sp.goto("lessons", lesson=ids[-1])
    sp.expect_h1(course.lesson(ids[-1]).meta.title)
    box = sp.main().get_by_role("combobox", name=t("lessons.choose"), exact=True)
    expect(box).to_have_value(_lesson_label(course, ids[-1]))


def _question_block(walk: Walk, question: QuizQuestion) -> object:
    """The bordered container of one quiz question (the innermost block that holds its prompt)."""
    return walk.sp.main().get_by_test_id("stVerticalBlock").filter(has_text=question.prompt).last


def _choose(walk: Walk, question: QuizQuestion, chosen: list[str]) -> None:
    """Set the answer to ``chosen``; options are found by their text (each learner sees them shuffled)."""
    block = _question_block(walk, question)
    for option in question.options:
        if question.kind == "single" and option.id in chosen:
            with walk.sp.expect_run():
                block.get_by_test_id("stRadioOption").filter(has_text=option.text).click()
        elif question.kind == "multiple":
            box = block.get_by_test_id("stCheckbox").filter(has_text=option.text)
            if box.locator("input").is_checked() != (option.id in chosen):
                with walk.sp.expect_run():
                    box.click()


def step_quiz(walk: Walk) -> None:
    """Answer the first question of the current lesson's quiz: right in German; in English wrong first (a
    retry without the answer key), then right."""
    sp, t, course = walk.sp, walk.t, walk.course
    lesson_id = course.lesson_ids[-1]  # step_lessons ends on the last lesson
    quiz = course.quizzes[lesson_id]
    question = quiz.questions[0]
    correct_ids = [o.id for o in question.options if o.correct]
    wrong_ids = [o.id for o in question.options if not o.correct]
    if walk.lang != "de":
        _choose(walk, question, wrong_ids[:1])
        sp.click_button(t("quiz.check"), scope=_question_block(walk, question))
        block = _question_block(walk, question)
        expect(block.get_by_test_id("stAlert")).to_contain_text(t("quiz.retry"))
        expect(block).not_to_contain_text(question.options[0].explanation)
    _choose(walk, question, correct_ids)
    label = t("quiz.check") if walk.lang == "de" else t("quiz.check_again")
    sp.click_button(label, scope=_question_block(walk, question))

    assert quizlib.grade(question, correct_ids).is_correct
    block = _question_block(walk, question)
    alert = block.get_by_test_id("stAlert")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text(t("quiz.correct"))
    # Every option gets its explanation, marked right or wrong by an icon; the score counts this answer.
    shown = block.inner_text()
    # Material icons are font ligatures: the icon's name is the element's text.
    icons = re.findall(r"\b(check_circle|cancel)\b", shown)
    right, wrong = icons.count("check_circle"), icons.count("cancel")
    n_right = sum(o.correct for o in question.options)
    assert (right, wrong) == (n_right, len(question.options) - n_right), f"feedback icons: {icons}"
    for option in question.options:
        expect(block).to_contain_text(option.explanation)
    score = sp.main().get_by_test_id("stMetric")
    expect(score).to_contain_text(t("quiz.score"))
    expect(score).to_contain_text(f"1 / {len(quiz.questions)}")
    sidebar_total = t("progress.quiz_total", correct=1, total=len(quiz.questions))
    sp.expect_text(sidebar_total, sp.sidebar())
    walk.check("quiz")


# --------------------------------------------------------------------------------------------- glossary
def step_glossary(walk: Walk) -> None:
    sp, t, course = walk.sp, walk.t, walk.course
    sp.nav_click(t("nav.glossary"))
    walk.assert_lang_in_url()
    sp.expect_h1(t("glossary.title"))
    total = len(course.glossary)
    sp.expect_text(t("glossary.count", shown=total, total=total))
    term = course.glossary[0]
    sp.type_text(t("glossary.search"), term.term)
    hits = search_glossary(course.glossary, term.term)
    sp.expect_text(t("glossary.count", shown=len(hits), total=total))
    sp.expect_text(term.term)
    walk.check("glossary")


# ------------------------------------------------------------------------------------------- token explorer
TOKEN_SAMPLE = {
    "de": "Feinabstimmung oder Prompt? Jedes Wort kostet Tokens.",
    "en": "Fine-tuning or a prompt? Every word costs tokens.",
}


def step_tokens(walk: Walk) -> None:
    """Type a text: characters and tokens per encoding are counted (as core.tokens counts them); then the
    German-vs-English comparison."""
    sp, t, lang = walk.sp, walk.t, walk.lang
    sp.nav_click(t("nav.tokens"))
    walk.assert_lang_in_url()
    sp.expect_h1(t("tokens.title"))
    text = TOKEN_SAMPLE[lang]
    sp.type_text(t("tokens.text_label"), text)
    metrics = sp.main().get_by_test_id("stMetric")
    expect(metrics.filter(has_text=t("tokens.chars"))).to_contain_text(fmt.number(len(text), walk.lang_code))
    for encoding in tokens.ENCODINGS:
        count = fmt.number(len(tokens.encode(text, encoding)), walk.lang_code)
        expect(metrics.filter(has_text=t("tokens.tokens_of", encoding=encoding))).to_contain_text(count)
    walk.check("tokens-text")
    with sp.expect_run():
        sp.main().get_by_test_id("stRadio").first.get_by_text(t("tokens.mode_compare"), exact=True).click()
    sp.expect_text(t("tokens.compare_de"))
    sp.expect_text(t("tokens.compare_en"))
    walk.check("tokens-compare")


# ------------------------------------------------------------------------------------------- simulator
_CHART_DATA = "el => JSON.stringify(el.data.map(trace => [trace.name, trace.x, trace.y]))"


def step_simulator(walk: Walk) -> None:
    """Move the requests-per-day slider one step: the value, the URL, the cost chart and its text summary
    all change."""
    sp, t = walk.sp, walk.t
    sp.nav_click(t("nav.simulator"))
    walk.assert_lang_in_url()
    sp.expect_h1(t("simulator.title"))
    chart = sp.main().get_by_test_id("stPlotlyChart").locator(".js-plotly-plot").first
    chart.wait_for()
    summary_prefix = t.strings["simulator.summary_cumulative"].split("{")[0]
    summary = sp.main().get_by_test_id("stCaptionContainer").filter(has_text=summary_prefix)
    expect(summary).to_have_count(1)
    before_data, before_summary = chart.evaluate(_CHART_DATA), summary.inner_text()
    walk.check("simulator-before")

    slider = sp.main().locator(f'input[type="range"][aria-label="{t("simulator.rpd")}"]')
    before_value = slider.get_attribute("aria-valuetext")
    slider.focus()
    with sp.expect_run():
        sp.page.keyboard.press("ArrowRight")
    expect(slider).not_to_have_attribute("aria-valuetext", before_value or "")
    assert "rpd=" in sp.page.url, "the scenario is kept in the URL"
    sp.page.wait_for_function(
        "([el, before]) => JSON.stringify(el.data.map(t => [t.name, t.x, t.y])) !== before",
        arg=[chart.element_handle(), before_data],
    )
    assert summary.inner_text() != before_summary, "the chart's text summary follows the chart"
    walk.check("simulator-after")


# -------------------------------------------------------------------------------------------- data lab
# A file saved as UTF-16 (NUL bytes) and a JSONL file with a broken line and a line in the wrong format.
BAD_BINARY = "Ein Beispiel / an example".encode("utf-16")
BAD_JSONL = (
    b'{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}\n'
    b'{"messages": [\n'
    b'{"prompt": "x", "completion": "y"}\n'
)


def _upload(walk: Walk, name: str, data: bytes) -> None:
    dropzone = walk.sp.main().get_by_test_id("stFileUploaderDropzoneInput")
    with walk.sp.expect_run():
        dropzone.set_input_files(files=[{"name": name, "mimeType": "application/jsonl", "buffer": data}])


def step_datalab(walk: Walk) -> None:
    """Upload bad files: an unreadable one gets a clear message; a broken JSONL gets its errors counted."""
    sp, t = walk.sp, walk.t
    sp.nav_click(t("nav.datalab"))
    walk.assert_lang_in_url()
    sp.expect_h1(t("datalab.title"))
    model = prices.finetunable_models()[0]  # the page's default model
    with sp.expect_run():
        sp.main().get_by_test_id("stRadio").first.get_by_text(t("datalab.source_upload"), exact=True).click()

    with pytest.raises(UserInputError) as unreadable:
        dataset.load_and_analyze(BAD_BINARY, dataset.ModelCounter(model))
    _upload(walk, "utf16.jsonl", BAD_BINARY)
    message = t(unreadable.value.key, **unreadable.value.params)
    expect(sp.main().get_by_test_id("stAlert").filter(has_text=message)).to_have_count(1)
    walk.check("datalab-unreadable")

    _, report = dataset.load_and_analyze(BAD_JSONL, dataset.ModelCounter(model))
    assert report.n_errors > 0
    _upload(walk, "broken.jsonl", BAD_JSONL)
    n = walk.lang_code
    errors, lines = fmt.number(report.n_errors, n), fmt.number(len(report.error_lines), n)
    sp.expect_text(t("datalab.status_errors", errors=errors, lines=lines))
    errors_metric = sp.main().get_by_test_id("stMetric").filter(has_text=t("datalab.m_errors"))
    expect(errors_metric).to_contain_text(fmt.number(report.n_errors, n))
    walk.check("datalab-broken")


# -------------------------------------------------------------------------------------------- wizard
def step_wizard(walk: Walk) -> None:
    """Answer every question (always the first answer), step by step, to the recommendation."""
    sp, t = walk.sp, walk.t
    wizard = rules.load_wizard(walk.lang_code)
    sp.nav_click(t("nav.wizard"))
    walk.assert_lang_in_url()
    sp.expect_h1(t("nav.wizard"))
    answers: dict[str, str] = {}
    for index, wstep in enumerate(wizard.steps):
        sp.expect_text(wstep.title)
        radios = sp.main().get_by_test_id("stRadio")
        expect(radios).to_have_count(len(wstep.questions))
        for n, question in enumerate(wstep.questions):
            with sp.expect_run():
                radios.nth(n).get_by_test_id("stRadioOption").first.click()
            answers[question.id] = question.answers[0].id
        last = index == len(wizard.steps) - 1
        sp.click_button(t("wizard.to_result") if last else t("wizard.next") + " →")
    result = scoring.evaluate(wizard, answers)
    best = wizard.approaches[result.recommendation].name
    sp.expect_text(f"{t('wizard.recommendation')}: {best}")
    assert f"{codec.QUERY_KEY}=" in sp.page.url, "the answers are kept in the URL"
    walk.check("wizard-result")


# ---------------------------------------------------------------------------------------- playground
PLAYGROUND_PROMPT = {"de": "Sag Hallo in einem Satz.", "en": "Say hello in one sentence."}


def step_playground(walk: Walk) -> None:
    """One short generation with the built-in local model: the answer arrives with its metrics."""
    sp, t, lang = walk.sp, walk.t, walk.lang
    sp.nav_click(t("nav.playground"))
    walk.assert_lang_in_url()
    sp.expect_h1(t("playground.title"))
    assert local.local_status().available, "the built-in model must be installed for this step"
    sp.expect_text(t("playground.local_ready", model=local.MODEL_NAME))
    sp.type_text(t("playground.max_tokens"), "12")
    sp.type_text(t("playground.user"), PLAYGROUND_PROMPT[lang])
    expect(sp.main().get_by_text(t("playground.history_empty"))).to_have_count(1)
    # Loading the model and generating takes seconds on 2 cores; bounded at 3 minutes.
    sp.click_button(t("playground.run"), timeout_ms=180_000)
    sp.expect_text(t("playground.m_cost_free"))
    sp.expect_text(t("playground.src_model"))
    sp.expect_text(t("playground.history", n=fmt.number(1, walk.lang_code)))
    walk.check("playground")


# ---------------------------------------------------------------------------------------- experiment
def step_experiment(walk: Walk) -> None:
    """A quick evaluation with the built-in model (one example per variant, to keep it short), the grid,
    charts and reading, then the hand-off to the simulator with the measured numbers in its URL."""
    sp, t = walk.sp, walk.t
    sp.nav_click(t("nav.experiment"))
    walk.assert_lang_in_url()
    sp.expect_h1(t("experiment.title"))
    sp.expect_text(t("experiment.grid_empty"))
    walk.check("experiment-empty")

    size = sp.main().get_by_label(t("experiment.quick_size_label"), exact=True).first
    size.fill("1")
    with sp.expect_run():
        size.press("Enter")
    # every variant on one example, on 2 cores: bounded at 10 minutes
    sp.click_button(t("experiment.run_button"), timeout_ms=600_000)
    sp.expect_text(t("experiment.grid_title"))
    expect(sp.main().get_by_test_id("stDataFrame").first).to_be_visible()
    expect(sp.main().get_by_test_id("stPlotlyChart")).to_have_count(2)
    sp.expect_text(t("experiment.reading_title"))
    walk.check("experiment-results")

    link = sp.main().get_by_role("link", name=t("experiment.handoff_link"), exact=True)
    expect(link).to_have_count(1)
    with sp.expect_run():
        link.click()
    sp.expect_h1(t("simulator.title"))
    url = sp.page.url
    for param in ("instr=", "inp=", "out=", "shots=0", "ovh="):
        assert param in url, f"{param} missing in {url}"
    walk.assert_lang_in_url()
    expect(sp.main().get_by_text(t("simulator.bad_intro"))).to_have_count(0)
    walk.check("experiment-simulator")


STEPS: list[Step] = [
    Step("home", step_home),
    Step("lessons", step_lessons),
    Step("quiz", step_quiz),
    Step("glossary", step_glossary),
    Step("playground", step_playground),
    Step("tokens", step_tokens),
    Step("simulator", step_simulator),
    Step("datalab", step_datalab),
    Step("wizard", step_wizard),
    Step("experiment", step_experiment),
]


# ---------------------------------------------------------------------------------- free-text fields (XSS)
@dataclass(frozen=True)
class FreeTextField:
    """A place where a learner types free text: the page path, the field's label key, and how to reach it."""

    name: str
    path: str  # url path of the page ("" for home)
    label_key: str
    echoed: bool = False  # the page repeats the text somewhere besides the field itself
    query: tuple[tuple[str, str], ...] = ()
    setup: Callable[[Walk], None] | None = None  # e.g. switch to the tab or mode that shows the field


def _tokens_chat_mode(walk: Walk) -> None:
    with walk.sp.expect_run():
        radio = walk.sp.main().get_by_test_id("stRadio").first
        radio.get_by_text(walk.t("tokens.mode_chat"), exact=True).click()


def _datalab_paste_mode(walk: Walk) -> None:
    with walk.sp.expect_run():
        radio = walk.sp.main().get_by_test_id("stRadio").first
        radio.get_by_text(walk.t("datalab.source_paste"), exact=True).click()


FREE_TEXT_FIELDS: list[FreeTextField] = [
    FreeTextField("glossary-search", "glossary", "glossary.search"),
    FreeTextField("playground-system", "playground", "playground.system"),
    FreeTextField("playground-user", "playground", "playground.user"),
    FreeTextField("datalab-paste", "datalab", "datalab.paste", setup=_datalab_paste_mode),
    FreeTextField("experiment-beat-prompt", "experiment", "experiment.beat_prompt_label"),
    FreeTextField("tokens-text", "tokens", "tokens.text_label", echoed=True),
    FreeTextField("tokens-chat-system", "tokens", "tokens.chat_system", echoed=True, setup=_tokens_chat_mode),
    FreeTextField("tokens-chat-user", "tokens", "tokens.chat_user", echoed=True, setup=_tokens_chat_mode),
    FreeTextField("tokens-chat-name", "tokens", "tokens.chat_name", setup=_tokens_chat_mode),
    FreeTextField(
        "tokens-chat-assistant", "tokens", "tokens.chat_assistant", echoed=True, setup=_tokens_chat_mode
    ),
]
