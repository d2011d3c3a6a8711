"""Reading Room: a keyboard-first terminal reading room for archival document collections."""

__version__ = "0.1.0"
