"""WorkManager, the public face, and its policies."""
