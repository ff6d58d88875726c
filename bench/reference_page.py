"""Reference page for the page benchmarks: a title and one Plotly line chart of 100 points.

Every page's server time is compared with this page's, measured in the same run on the same machine.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Reference")
x = list(range(100))
st.plotly_chart(go.Figure(go.Scatter(x=x, y=[v * v for v in x], mode="lines")), key="ref_chart")
