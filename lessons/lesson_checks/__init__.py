"""Checks for the course's exercises, one module per lesson (``ex00`` ... ``ex12``).

Each ``check_*`` function takes what the student wrote (a value, a ``Worker`` subclass,
a request, or a function that builds work on a manager), tries it on a fresh
``WorkManager``, and prints one verdict:

* ``✓`` and what the answer got right;
* ``✗`` and, kindly and specifically, what is still wrong;
* ``⏳ not answered yet`` while the placeholder (``...``, ``None`` or
  ``raise NotImplementedError``) is still there.

A check never raises, whatever the student's code does. The reference answers are not
here: they live with the tests (``tests/lessons/answers.py``).
"""
