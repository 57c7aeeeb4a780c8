"""What happened: events and the history views read."""
