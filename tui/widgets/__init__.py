"""The panes of the browser, one per module."""
