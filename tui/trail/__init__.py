"""The research trail: reading lists, notes, saved searches and history that last (no Textual here)."""
