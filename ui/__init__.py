"""The Streamlit layer shared by app.py and pages/: session state, cached loaders, the sidebar.

Only this layer (and pages/) may import streamlit. Caching lives here, never in core/.
"""
