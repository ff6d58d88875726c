"""Lessons with quizzes: ``page.py`` draws a lesson (text, "beyond the article" boxes, try-it links) and its
quiz (``sections_quiz.py``); ``quiz.py`` grades answers (pure). Progress itself is shared kernel
(``core.progress``), because the sidebar shows and saves it on every page."""
