"""Pure, typed logic of the app. Never imports streamlit.

Layers: pages/ and ui/ (Streamlit) -> core (this package) -> content/ (Markdown and YAML).
"""
