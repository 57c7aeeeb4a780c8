"""Make ``lessons/lesson_checks`` importable, as it is from a notebook in ``lessons/``."""

from __future__ import annotations

import sys
from pathlib import Path

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
if str(LESSONS) not in sys.path:
    sys.path.insert(0, str(LESSONS))
