"""The glossary: every term with its definition and its lesson, searchable (search in core.content)."""
