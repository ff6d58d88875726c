"""The experiment: prompt engineering vs fine-tuning on one task (support message -> one line of JSON with
category and urgency), measured on the same held-out examples.

Pure modules: ``task`` (the task, its data and prompts), ``datagen`` (how the data was made), ``grading``
(one answer), ``shots`` (few-shot and BM25 retrieval examples, training split only), ``variants`` (the
grid's rows and their messages), ``runner`` (the evaluation loop over any core.llm backend), ``metrics``
(Wilson interval, figures, confusion, latency fit), ``records`` (a finished row, the simulator hand-off),
``view`` (grid text, the reading), ``charts``. Streamlit: ``page``, ``sections_run`` (setup, runs, beat the
fine-tune), ``sections_results`` (grid, charts, details, hand-off), ``widgets`` (session state, backends).
Training (``train*``, ``sections_train``) is the training part.
"""
