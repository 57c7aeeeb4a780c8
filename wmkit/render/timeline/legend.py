"""The timeline's legend: one swatch per kind of stretch, band and marker drawn."""

from __future__ import annotations

from dataclasses import dataclass

from ..colors import (
    CUE_FLAG,
    DEVICE_LINE,
    DOZE_BAND,
    ERROR_MARK,
    MAINTENANCE_BAND,
    NOW_LINE,
    SEGMENT_FILL,
    STATE_STROKE,
)
from ..document import LOCAL_ID
from .segments import HATCHED, KIND_WORDS


@dataclass(frozen=True)
class Swatch:
    """A legend entry (same fields as the DAG's ``LegendEntry``)."""

    label: str
    fill: str
    stroke: str
    shape: str = "box"
    dashed: bool = False


def legend_entries(kinds: set[str]) -> list[Swatch]:
    """The legend of what a drawing used (``kinds``), then "now"."""
    dark = "#343a40"
    table = [
        ("run-succeeded", Swatch("✓ run → succeeded", SEGMENT_FILL["run-succeeded"], dark)),
        ("run-failed", Swatch("✗ run → failed", SEGMENT_FILL["run-failed"], dark)),
        ("run-retry", Swatch("↻ run → retry", SEGMENT_FILL["run-retry"], dark)),
        ("run-stopped", Swatch("✕ run stopped", SEGMENT_FILL["run-stopped"], dark)),
        ("run-cancelled", Swatch("⊘ run cancelled", SEGMENT_FILL["run-cancelled"], dark)),
        ("run-killed", Swatch("⟲ run killed (restart)", SEGMENT_FILL["run-killed"], dark)),
        ("run", Swatch("▶ running", SEGMENT_FILL["run"], STATE_STROKE["RUNNING"])),
    ]
    for kind in HATCHED:
        table.append(
            (
                kind,
                Swatch(KIND_WORDS[kind], "", SEGMENT_FILL[kind], f"hatch:{LOCAL_ID}hatch-{kind}"),
            )
        )
    table += [
        ("period", Swatch("interval", SEGMENT_FILL["period"], "#868e96")),
        ("flex", Swatch("flex window", SEGMENT_FILL["flex"], "#2b8a3e", "box", True)),
        ("pending", Swatch("pending", SEGMENT_FILL["pending"], "#4dabf7")),
        ("density", Swatch("works running / waiting", SEGMENT_FILL["run-succeeded"], dark)),
        ("doze", Swatch("Doze", DOZE_BAND, DOZE_BAND, "band")),
        (
            "maintenance",
            Swatch("maintenance window", MAINTENANCE_BAND, MAINTENANCE_BAND, "band"),
        ),
        ("cue", Swatch("⚑ story cue", CUE_FLAG, CUE_FLAG, "line", True)),
        ("device", Swatch("▾ device change", DEVICE_LINE, DEVICE_LINE, "line", True)),
        ("error", Swatch("⚠ error", ERROR_MARK, ERROR_MARK, "line", True)),
        ("restart", Swatch("⟲ app restart", DEVICE_LINE, DEVICE_LINE, "line", True)),
        ("rewind", Swatch("⏪ rewound here", DEVICE_LINE, DEVICE_LINE, "line", True)),
    ]
    entries = [swatch for kind, swatch in table if kind in kinds]
    entries.append(Swatch("now", NOW_LINE, NOW_LINE, "line"))
    return entries
