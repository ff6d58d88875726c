import streamlit as st

from core import mdtext
from core import quiz as quizlib
from ui import state
from ui.links import page_link

t = state.tr()
course = state.course()
ids = course.lesson_ids

requested = st.query_params.get("lesson")
if requested is not None and requested not in ids:
    st.warning(t("lessons.unknown", lesson=mdtext.literal(requested)))
    requested = None
if requested is not None:
    st.session_state["lessons_select"] = requested
elif st.session_state.get("lessons_select") not in ids:
    st.session_state["lessons_select"] = ids[0]


def _on_select() -> None:
    st.query_params["lesson"] = st.session_state["lessons_select"]


lesson_id = st.selectbox(
    t("lessons.choose"),
    options=ids,
    format_func=lambda i: f"{course.lesson(i).meta.order}. {course.lesson(i).meta.title}",
    key="lessons_select",
    on_change=_on_select,
)
st.query_params["lesson"] = lesson_id
lesson = course.lesson(lesson_id)
progress = state.progress()

st.title(lesson.meta.title)
st.caption(
    t("lessons.meta", minutes=lesson.meta.minutes, section=lesson.meta.article_section)
    + ("  ·  ✓ " + t("lessons.read_badge") if lesson_id in progress.lessons_read else "")
)
for segment in lesson.segments:
    if segment.kind == "beyond":
        st.info(f"**{t('lessons.beyond')}**\n\n{segment.text}", icon=":material/add_circle:")
    elif segment.kind == "example":
        with st.container(border=True):
            st.markdown(segment.text)
    else:
        st.markdown(segment.text)

if lesson.meta.try_it:
    st.subheader(t("lessons.try_it"))
    for link in lesson.meta.try_it:
        page_link(link.tool, link.label, link.params, icon=":material/arrow_forward:")

if lesson_id not in progress.lessons_read and st.button(t("lessons.mark_read"), key="lessons_mark_read"):
    state.set_progress(progress.mark_read(lesson_id))
    st.rerun()

# ------------------------------------------------------------------------------------------------ quiz
quiz = course.quizzes[lesson_id]
st.divider()
st.header(t("quiz.heading"))
answers: dict[str, list[str]] = st.session_state.setdefault("quiz_answers", {}).setdefault(lesson_id, {})
results: list[quizlib.QuestionResult] = []
for n, question in enumerate(quiz.questions, start=1):
    key = f"quiz_{lesson_id}_{question.id}"
    with st.container(border=True):
        st.markdown(f"**{n}. {question.prompt}**")
        st.caption(t("quiz.single_hint") if question.kind == "single" else t("quiz.multiple_hint"))
        labels = {o.id: o.text for o in question.options}
        if question.kind == "single":
            picked = st.radio(
                t("quiz.answer"),
                options=[o.id for o in question.options],
                format_func=lambda oid, labels=labels: labels[oid],
                index=None,
                key=f"{key}_radio",
                label_visibility="collapsed",
            )
            chosen = [picked] if picked else []
        else:
            chosen = [o.id for o in question.options if st.checkbox(o.text, key=f"{key}_cb_{o.id}")]
        if st.button(t("quiz.check"), key=f"{key}_check"):
            if not chosen:
                st.warning(t("quiz.choose_first"))
            else:
                answers[question.id] = chosen
        if question.id in answers:
            result = quizlib.grade(question, answers[question.id])
            results.append(result)
            if result.is_correct:
                st.success(t("quiz.correct"))
            else:
                st.error(t("quiz.wrong"))
            for fb in result.feedback:
                mark = (
                    f":green[:material/check_circle: {t('quiz.option_right')}]"
                    if fb.correct
                    else f":red[:material/cancel: {t('quiz.option_wrong')}]"
                )
                chosen_note = t("quiz.your_choice") if fb.chosen else ""
                st.markdown(f"{mark} **{labels[fb.option_id]}** {chosen_note}  \n{fb.explanation}")

if answers:
    correct = sum(r.is_correct for r in results)
    st.metric(t("quiz.score"), f"{correct} / {len(quiz.questions)}")
    updated = progress.record_quiz(lesson_id, correct, len(quiz.questions), dict(answers))
    if len(answers) == len(quiz.questions):
        updated = updated.mark_read(lesson_id)
    if updated != progress:
        state.set_progress(updated)

# ------------------------------------------------------------------------------------------------ next
pos = ids.index(lesson_id)
prev_col, next_col = st.columns(2)
if pos > 0:
    with prev_col:
        page_link("lessons", "← " + course.lessons[pos - 1].meta.title, {"lesson": ids[pos - 1]})
if pos + 1 < len(ids):
    with next_col:
        page_link("lessons", course.lessons[pos + 1].meta.title + " →", {"lesson": ids[pos + 1]})
