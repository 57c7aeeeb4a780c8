"""The scheduler state machine on the virtual clock."""
