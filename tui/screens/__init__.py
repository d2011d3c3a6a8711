"""The browser's screens: the main reading room, help, and small dialogs."""
