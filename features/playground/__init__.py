"""The prompt playground: one prompt against the built-in model, OpenAI or the learner's own server; two
prompts or two models compared; a prompt builder with its token count and cost. ``page.py`` draws the page
from ``sections_setup.py`` (backends, keys, parameters) and ``sections_modes.py`` (the three modes and the run
history); ``widgets.py`` holds the shared Streamlit parts (cached content, kept inputs, backends, running a
request). Pure: ``prompts.py`` (content, builder, cost, export), ``workshop.py`` (booking the owner's workshop
budget) and ``display.py`` (every number shown, as text)."""
