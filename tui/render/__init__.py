"""From record to reading: paragraphs, editorial marks, wrapping. Rich only, never Textual."""
