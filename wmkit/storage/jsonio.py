"""JSON text for the file store: orjson when it is installed, the standard library otherwise.

orjson (``pip install wmkit[fast]``; ``make lab`` and ``make test`` install it) encodes
a store about ten times faster than :mod:`json` and parses it a little faster (parsing
is mostly building the objects). It is optional: under Pyodide/JupyterLite it is
absent and the standard library does the same job. Either reads what the other wrote,
and both accept exactly what :mod:`json` accepts: where orjson is stricter (a lone
surrogate, which ``Data`` strings may hold as Java's may; a NaN literal in a
hand-edited file) the standard library takes over for that call.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # Pyodide, or installed without the ``fast`` extra
    orjson = None  # type: ignore[assignment]

_encode = json.JSONEncoder(separators=(",", ":"), allow_nan=False, check_circular=False).encode


def std_dumps(value: Any) -> bytes:
    """Compact JSON as ASCII bytes (every non-ASCII character escaped, surrogates too)."""
    return _encode(value).encode("ascii")


def std_loads(raw: bytes) -> Any:
    return json.loads(raw)


def _fast_dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # a lone surrogate: valid in a Python str, not in UTF-8
        return std_dumps(value)


def _fast_loads(raw: bytes) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:  # what json accepts and orjson does not, or an error
        return std_loads(raw)


#: ``"orjson"`` or ``"json"``: which library :func:`dumps` and :func:`loads` use.
BACKEND = "json" if orjson is None else "orjson"
dumps = std_dumps if orjson is None else _fast_dumps
loads = std_loads if orjson is None else _fast_loads
