"""Checks of a whole file before it is read line by line: a file that is one JSON document (an array of
examples, or one object spread over several lines) is not JSONL, and saying so beats one parser error per
line. Pure."""

from __future__ import annotations

import json

from core.errors import UserInputError


def check_not_whole_json(data: bytes) -> None:
    """Raise ``datalab.err_json_array`` / ``datalab.err_json_object`` when ``data`` is one JSON document
    that JSONL cannot be (an array; an object over more than one line). Anything else passes unchanged."""
    try:
        text = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        return  # the line reader names the bad byte
    if not text.startswith(("[", "{")):
        return
    n_lines = text.count("\n") + 1
    if text.startswith("{") and n_lines == 1:
        return  # one example on one line: JSONL
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return  # not one document: the line-by-line findings explain it
    if isinstance(value, list):
        raise UserInputError("datalab.err_json_array", n=len(value), lines=n_lines)
    if isinstance(value, dict):
        raise UserInputError("datalab.err_json_object", lines=n_lines)
