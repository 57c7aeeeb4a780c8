"""The one palette every drawing uses, so a state looks the same in the DAG, the
timeline, the table and the legends.

Colours are literal ``#rrggbb`` strings written straight into the SVG text: JupyterLab
shows SVG as an ``<img>`` data URI, and a browser test can only find a state's colour
by searching that text. Each state's fill is unique for the same reason.

>>> STATE_FILL["SUCCEEDED"], STATE_STROKE["FAILED"]
('#b7e4c7', '#b42323')
"""

from __future__ import annotations

#: Node and chip fill per ``State`` name (ENQUEUED blue, RUNNING amber, SUCCEEDED green,
#: FAILED red, BLOCKED grey, CANCELLED dark grey).
STATE_FILL: dict[str, str] = {
    "ENQUEUED": "#cfe2ff",
    "RUNNING": "#ffd166",
    "SUCCEEDED": "#b7e4c7",
    "FAILED": "#f5a3a3",
    "BLOCKED": "#e2e2e2",
    "CANCELLED": "#7a7a7a",
}

#: Outline per state: a darker shade of the fill, so light fills keep a visible edge.
STATE_STROKE: dict[str, str] = {
    "ENQUEUED": "#1f5fbf",
    "RUNNING": "#b7791f",
    "SUCCEEDED": "#2d7a46",
    "FAILED": "#b42323",
    "BLOCKED": "#8a8a8a",
    "CANCELLED": "#3d3d3d",
}

#: Text on a state's fill: dark everywhere except on the dark CANCELLED grey.
STATE_TEXT: dict[str, str] = {
    "ENQUEUED": "#10243f",
    "RUNNING": "#3b2600",
    "SUCCEEDED": "#0f3320",
    "FAILED": "#4a0b0b",
    "BLOCKED": "#333333",
    "CANCELLED": "#ffffff",
}

#: The order states are listed in legends: the life cycle, left to right.
STATE_ORDER: tuple[str, ...] = (
    "BLOCKED",
    "ENQUEUED",
    "RUNNING",
    "SUCCEEDED",
    "FAILED",
    "CANCELLED",
)

UNKNOWN_FILL = "#ffffff"
UNKNOWN_STROKE = "#666666"

# Drawing furniture shared by the DAG and the timeline.
INK = "#212529"
MUTED = "#6c757d"
GRID = "#e9ecef"
EDGE = "#868e96"
CLUSTER_FILL = "#f8f9fa"
CLUSTER_STROKE = "#adb5bd"
FAILURE_PATH = "#d62828"
CANCEL_PATH = "#495057"
NOW_LINE = "#e03131"
DEVICE_LINE = "#495057"
ERROR_MARK = "#c92a2a"

# Timeline segments: what a work is doing (or waiting for) over a stretch of time.
SEGMENT_FILL: dict[str, str] = {
    "run": "#ffd166",
    "run-succeeded": "#52b788",
    "run-failed": "#e5383b",
    "run-retry": "#f77f00",
    "run-stopped": "#ffb703",
    "run-cancelled": "#6c757d",
    "run-killed": "#a68a64",
    "initial-delay": "#9ec5fe",
    "backoff": "#ffa94d",
    "period": "#dee2e6",
    "flex": "#8ce99a",
    "blocked": "#ced4da",
    "waiting": "#ff8787",
    "pending": "#e7f5ff",
}

DOZE_BAND = "#d0bfff"
MAINTENANCE_BAND = "#b2f2bb"


def state_fill(state: str) -> str:
    """The fill for a state name, white for a state this palette does not know yet."""
    return STATE_FILL.get(state, UNKNOWN_FILL)


def state_stroke(state: str) -> str:
    """The outline for a state name."""
    return STATE_STROKE.get(state, UNKNOWN_STROKE)


def state_text(state: str) -> str:
    """The text colour that reads on a state's fill."""
    return STATE_TEXT.get(state, INK)
