"""The full-text index and the query language. Never imports Textual."""
