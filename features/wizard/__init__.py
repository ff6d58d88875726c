"""The decision wizard: questions in steps, scored against the article's criteria, give a recommendation
(prompt engineering, RAG, PEFT/LoRA, fine-tuning or a hybrid) with the reasons that led there.

Pure modules: ``rules`` (content models, loading and language parity), ``scoring`` (answer checks, the sum
of the rules that fire, ranking and reasons), ``codec`` (the answers in the URL and the share link),
``sim_handoff`` (the numbers handed to the cost simulator, a ``core.handoff.SimulatorHandoff``), ``export``
(reason texts and the Markdown/HTML summary) and ``chart`` (the score chart). Streamlit: ``page`` (the page's
sections), ``sections`` (a step of questions, the result), ``widgets`` (session state and callbacks).
"""
