"""The one palette every drawing uses, so a state looks the same in the DAG, the
timeline, the table and the legends.

A projected room sees brightness better than hue, and some students see no red or
green at all: the six state fills form a ladder of brightness (each pair of states at
least 1.4:1 apart in WCAG contrast), and each state also has an icon that every
drawing writes next to it. Colours are literal ``#rrggbb`` strings, unique per state,
so a test (or a browser test) finds a state's colour by searching the SVG text.

>>> STATE_FILL["SUCCEEDED"], STATE_ICON["RUNNING"]
('#2f9a48', '▶')
>>> contrast(STATE_FILL["ENQUEUED"], STATE_FILL["BLOCKED"]) >= 1.4
True
"""

from __future__ import annotations

#: The order states are listed in legends (the life cycle, left to right), which is
#: also their order from brightest to darkest fill.
STATE_ORDER: tuple[str, ...] = (
    "BLOCKED",
    "ENQUEUED",
    "RUNNING",
    "SUCCEEDED",
    "FAILED",
    "CANCELLED",
)

#: Node and chip fill per ``State`` name: near-white grey, light blue, amber, green,
#: red, charcoal; brightness falls along :data:`STATE_ORDER`.
STATE_FILL: dict[str, str] = {
    "BLOCKED": "#f6f7f9",
    "ENQUEUED": "#a3cffa",
    "RUNNING": "#f08c00",
    "SUCCEEDED": "#2f9a48",
    "FAILED": "#c92a2a",
    "CANCELLED": "#343a40",
}

#: Outline per state: dark enough to edge the light fills against a white page.
STATE_STROKE: dict[str, str] = {
    "BLOCKED": "#868e96",
    "ENQUEUED": "#1864ab",
    "RUNNING": "#a35200",
    "SUCCEEDED": "#1b5e2c",
    "FAILED": "#7d1111",
    "CANCELLED": "#111418",
}

#: Text on a state's fill (at least 4.5:1 against it): near-black on the four light
#: fills, white on FAILED and CANCELLED.
STATE_TEXT: dict[str, str] = {
    "BLOCKED": "#212529",
    "ENQUEUED": "#0b1f33",
    "RUNNING": "#1f1200",
    "SUCCEEDED": "#04140a",
    "FAILED": "#ffffff",
    "CANCELLED": "#ffffff",
}

#: A symbol per state, so a state never depends on its colour alone.
STATE_ICON: dict[str, str] = {
    "BLOCKED": "‖",
    "ENQUEUED": "◷",
    "RUNNING": "▶",
    "SUCCEEDED": "✓",
    "FAILED": "✗",
    "CANCELLED": "⊘",
}

UNKNOWN_FILL = "#ffffff"
UNKNOWN_STROKE = "#666666"

# Drawing furniture shared by the DAG and the timeline.
INK = "#212529"
MUTED = "#495057"
GRID = "#dee2e6"
EDGE = "#6c757d"
CLUSTER_FILL = "#f8f9fa"
CLUSTER_STROKE = "#868e96"
FAILURE_PATH = "#c92a2a"
CANCEL_PATH = "#343a40"
NOW_LINE = "#e03131"
DEVICE_LINE = "#343a40"
ERROR_MARK = "#c92a2a"
CUE_FLAG = "#5f3dc4"

# Timeline segments: what a work is doing (or waiting for) over a stretch of time.
# Runs are solid and share the state palette where a state exists; waits are hatched.
SEGMENT_FILL: dict[str, str] = {
    "run": STATE_FILL["RUNNING"],
    "run-succeeded": STATE_FILL["SUCCEEDED"],
    "run-failed": STATE_FILL["FAILED"],
    "run-retry": "#ffd43b",
    "run-stopped": "#ffe8cc",
    "run-cancelled": STATE_FILL["CANCELLED"],
    "run-killed": "#8d6e4a",
    "initial-delay": "#4dabf7",
    "backoff": "#f76707",
    "period": "#adb5bd",
    "flex": "#8ce99a",
    "blocked": "#adb5bd",
    "pending": "#a5d8ff",
    # Due but held back, by what holds it (see wmkit.render.reasons):
    "waiting": "#868e96",
    "waiting-constraint": "#e03131",
    "waiting-doze": "#7048e8",
    "waiting-quota": "#b35c00",
}

#: Text drawn on a solid segment of this kind (white on the dark fills).
SEGMENT_TEXT: dict[str, str] = {
    "run-succeeded": STATE_TEXT["SUCCEEDED"],
    "run-failed": "#ffffff",
    "run-cancelled": "#ffffff",
    "run-killed": "#ffffff",
}

# Doze and maintenance windows: a solid, labelled strip above the lanes (at least
# 3:1 against white) and a light tint across the lanes.
DOZE_BAND = "#7048e8"
DOZE_TINT = "#e5dbff"
MAINTENANCE_BAND = "#2b8a3e"
MAINTENANCE_TINT = "#d3f9d8"

#: Badge colour per waiting-reason kind (wmkit.render.reasons), white text on each.
REASON_FILL: dict[str, str] = {
    "blocked": "#495057",
    "delay": "#1864ab",
    "backoff": "#c2410c",
    "period": "#495057",
    "constraint": "#c92a2a",
    "doze": "#5f3dc4",
    "quota": "#8a4500",
    "dropped": "#212529",
    "other": "#495057",
}


def state_fill(state: str) -> str:
    """The fill for a state name, white for a state this palette does not know yet."""
    return STATE_FILL.get(state, UNKNOWN_FILL)


def state_stroke(state: str) -> str:
    """The outline for a state name."""
    return STATE_STROKE.get(state, UNKNOWN_STROKE)


def state_text(state: str) -> str:
    """The text colour that reads on a state's fill."""
    return STATE_TEXT.get(state, INK)


def state_icon(state: str) -> str:
    """The symbol for a state name ('?' for one this palette does not know)."""
    return STATE_ICON.get(state, "?")


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
