"""Scenario tests: Android WorkManager's documented behaviour replayed step by step.

The package keeps these modules' names (``scenarios.test_backoff``) apart from the
unit tests' modules of the same base name.
"""
