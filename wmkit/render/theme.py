"""Sizes of the drawings for a laptop screen and for a projector.

A projected class reads from the back of the room: in projector mode every SVG text is
at least 14 px tall as shown, strokes are thicker and timeline lanes are 36 px. The DAG
keeps its layout and is drawn larger as a whole (``dag_scale``), so switching modes
never lays the graph out again; the timeline is redrawn with larger sizes, since it
must fit the width of its panel.

>>> PROJECTOR.min_text * PROJECTOR.dag_scale >= 14 and PROJECTOR.lane_h == 36
True
>>> theme_for(False) is NORMAL
True
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """Every size a drawing uses, in px (before ``dag_scale`` for the DAG)."""

    name: str
    #: The DAG's drawing is shown this many times its layout size.
    dag_scale: float
    #: Extra stroke width factor (edges, outlines, bars) on top of the scale.
    stroke: float
    #: Smallest font size any drawing writes (a test checks every text against it).
    min_text: float
    legend_size: float
    legend_row: float
    badge_size: float
    # Timeline geometry.
    lane_h: float
    bar_h: float
    wait_h: float
    label_w: float
    label_size: float
    tick_size: float
    tick_gap: float
    segment_size: float
    marker_size: float
    strip_h: float
    flag_row: float


NORMAL = Theme(
    name="normal",
    dag_scale=1.0,
    stroke=1.0,
    min_text=11.0,
    legend_size=12.0,
    legend_row=20.0,
    badge_size=11.0,
    lane_h=26.0,
    bar_h=16.0,
    wait_h=10.0,
    label_w=190.0,
    label_size=12.0,
    tick_size=12.0,
    tick_gap=96.0,
    segment_size=11.0,
    marker_size=11.0,
    strip_h=18.0,
    flag_row=18.0,
)

PROJECTOR = Theme(
    name="projector",
    dag_scale=1.3,
    stroke=1.6,
    min_text=14.0,
    legend_size=15.0,
    legend_row=24.0,
    badge_size=11.0,  # x 1.3 in the DAG: 14.3 px as shown
    lane_h=36.0,
    bar_h=24.0,
    wait_h=14.0,
    label_w=230.0,
    label_size=15.0,
    tick_size=15.0,
    tick_gap=130.0,
    segment_size=14.0,
    marker_size=14.0,
    strip_h=24.0,
    flag_row=24.0,
)


def theme_for(projector: bool) -> Theme:
    """:data:`PROJECTOR` or :data:`NORMAL`."""
    return PROJECTOR if projector else NORMAL
