"""Exceptions that carry enough context for a clear message."""

from __future__ import annotations

from pathlib import Path


class ContentError(ValueError):
    """Malformed content: names the file and the field."""

    def __init__(self, file: Path | str, field: str, message: str) -> None:
        self.file = str(file)
        self.field = field
        self.message = message
        super().__init__(f"{self.file}: field '{field}': {message}")


class UserInputError(ValueError):
    """Bad input from a learner. ``key`` is an interface-string key; ``params`` fill its placeholders."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key} {params}")
