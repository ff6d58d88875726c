"""The token explorer: how a text is split into tokens (drawn as coloured spans), what it costs with a
chosen model, how a chat request adds format tokens, and how many more tokens German needs than English.

Pure modules: ``tokenviz`` (readable token pieces, their escaped HTML, the comparison passages) and
``figures`` (every number and price line the page shows). Streamlit: ``page`` (the page's sections),
``sections`` (the text, chat and comparison views) and ``widgets`` (cached counting, the token view, the
price choice). Counting and prices themselves are shared kernel code (``core.tokens``, ``core.prices``).
"""
