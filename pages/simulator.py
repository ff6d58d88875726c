import streamlit as st

from ui import state

t = state.tr()
st.title(t("nav.simulator"))
st.info(t("common.coming_soon"))
