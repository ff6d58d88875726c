"""The experiment: prompt engineering vs fine-tuning on one task (support message -> one line of JSON with
category and urgency), measured on the same held-out examples. Pure modules: ``task`` (the task, its data
and prompts), ``datagen`` (how the data was made), ``grading`` (one answer), ``shots`` (few-shot and
retrieval examples from the training split). Training (``train*``) is a separate part.
"""
