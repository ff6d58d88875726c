import streamlit as st

from core.content import search_glossary
from ui import state
from ui.links import page_link

t = state.tr()
course = state.course()
titles = {lesson.id: lesson.meta.title for lesson in course.lessons}

st.title(t("glossary.title"))
query = st.text_input(t("glossary.search"), key="glossary_query", placeholder=t("glossary.placeholder"))
hits = search_glossary(course.glossary, query)
st.caption(t("glossary.count", shown=len(hits), total=len(course.glossary)))
if not hits:
    st.info(t("glossary.no_hits"))
for term in hits:
    with st.container(border=True):
        st.markdown(f"**{term.term}**" + (f"  \n_{t('glossary.beyond')}_" if term.beyond_article else ""))
        st.markdown(term.definition)
        page_link("lessons", t("glossary.in_lesson", lesson=titles[term.lesson]), {"lesson": term.lesson})
