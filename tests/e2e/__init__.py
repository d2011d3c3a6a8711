"""End-to-end tests that drive Reading Room through real programs (OpenSSH, tmux, Chromium)."""
