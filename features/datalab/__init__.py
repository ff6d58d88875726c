"""The fine-tuning data lab: load a chat training set (JSONL), check it line by line, see its statistics and
training cost, fix it, and start a real fine-tuning job with the learner's own key. ``page.py`` draws the
page from the ``sections_*`` modules (sources; report: findings and charts; cost and fixes; job); the pure
modules hold the logic: ``parsing`` (reading the file), ``checks`` (findings, token counts, the report),
``stats`` (distributions, the cost estimate, the simulator hand-off), ``fixes``, ``sources`` (bundled
samples, the playground's runs), ``jobs`` (the OpenAI fine-tuning API), ``view`` (table rows and messages),
``charts`` (the histograms) and ``session`` (this page's session-state entries).
"""
