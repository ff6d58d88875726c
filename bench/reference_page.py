"""Reference page for speed benchmarks: one slider and one Plotly line chart (four lines), nothing else.

Other benchmarks may reuse it: a page's rerun time is reported relative to this page's, measured in the same
process with the same tool (Streamlit's AppTest), so machine speed cancels out.

``?pairs=N`` adds N slider + number-entry pairs below the slider (default 0). The simulator benchmark uses
this to show how much of a page's rerun time its input widgets alone cost.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Reference page")
n = st.slider("Requests per day", 0, 100_000, 1000, key="ref_slider")
try:
    pairs = max(0, min(50, int(st.query_params.get("pairs", "0"))))
except ValueError:
    pairs = 0
for i in range(pairs):
    left, right = st.columns([3, 2])
    with left:
        st.slider(f"Input {i}", 0, 1000, 100, key=f"ref_pair_{i}_sl")
    with right:
        st.number_input(f"Input {i}", 0, 1000, 100, key=f"ref_pair_{i}", label_visibility="collapsed")
months = list(range(13))
fig = go.Figure()
for i, name in enumerate(("a", "b", "c", "d")):
    fig.add_trace(go.Scatter(x=months, y=[(i + 1) * n * m / 1000 for m in months], name=name, mode="lines"))
fig.update_layout(height=380, xaxis_title="Months", yaxis_title="Cost")
st.plotly_chart(fig, key="ref_chart")
st.caption(f"{n} requests per day")
