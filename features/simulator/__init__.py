"""The cost and latency simulator: when does fine-tuning pay off against prompt engineering, hybrid and RAG?
Pure modules: ``specs`` (every input's URL parameter, kind and range), ``scenario`` (the scenario, its URL
form, JSON/CSV export and strict import), ``presets`` (the article's scenarios), ``catalogue`` (prices from
``core.prices``), ``simulation`` (every number of one run), ``inputs`` (widget keys, slider steps, widget
values, URL read/write), ``view`` (results as text) and ``charts`` (Plotly figures). Streamlit modules:
``widgets`` (session state, callbacks, URL sync), ``widgets_inputs`` (the input widgets), ``panels`` (input
groups, share), ``panels_results`` (result panels) and ``page`` (``render()``). Other pages hand numbers
over only through ``core.handoff``.
"""
