import streamlit as st

from ui import state
from ui.links import page_link

t = state.tr()
st.title(t("home.title"))
st.markdown(t("home.intro"))

cols = st.columns(3)
steps = [
    ("lessons", "home.step_learn", "home.step_learn_text", ":material/school:"),
    ("playground", "home.step_try", "home.step_try_text", ":material/science:"),
    ("wizard", "home.step_decide", "home.step_decide_text", ":material/alt_route:"),
]
for col, (tool, head, text, icon) in zip(cols, steps, strict=True):
    with col.container(border=True):
        st.subheader(t(head))
        st.markdown(t(text))
        page_link(tool, t(head), icon=icon)

st.subheader(t("home.tools_heading"))
for tool, key in [
    ("tokens", "home.tool_tokens"),
    ("simulator", "home.tool_simulator"),
    ("datalab", "home.tool_datalab"),
    ("glossary", "home.tool_glossary"),
]:
    page_link(tool, t(key))

left, right = st.columns(2)
with left:
    st.subheader(t("home.self_study_heading"))
    st.markdown(t("home.self_study"))
with right:
    st.subheader(t("home.workshop_heading"))
    st.markdown(t("home.workshop"))
st.caption(t("home.source_note"))
