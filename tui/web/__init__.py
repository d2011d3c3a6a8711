"""Reading Room in a web browser: `readingroom serve` (textual-serve, offline, one app process per connection)."""
