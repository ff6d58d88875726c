"""LLM backends behind one small interface (``core.llm.types.Backend``).

- ``core.llm.local``: the built-in SmolLM2-135M-Instruct, in-process via llama-cpp-python.
- ``core.llm.remote``: OpenAI or any OpenAI-compatible server through the ``openai`` SDK.
- ``core.llm.servers``: which custom server URLs may be called; ``core.llm.caps``: workshop budgets.
- ``core.llm.metrics``: timing, speed, cost; ``core.llm.snippet``: the "Show code" snippet.
"""
