"""Drawings of a WorkManager that need no notebook: the DAG and the timeline, as SVG.

Two steps, so each can be tested alone: a plain model (dataclasses) read from the
engine's public calls and ``Event.data`` (never from an event's words), then an SVG
writer that reads only the model. Both draw for a laptop or, with
``projector=True``, for a projected room. ``import wmkit`` never imports this
package; it needs networkx only when Graphviz's ``dot`` is missing.

>>> from wmkit import WorkManager
>>> dag_svg(WorkManager()).startswith("<svg")
True
"""

from .colors import SEGMENT_FILL, STATE_FILL, STATE_ICON, STATE_STROKE
from .dag.cascade import CascadeTracker
from .dag.dot import dag_dot, dot_path
from .dag.graph import build_dag_model, dag_model
from .dag.layered import layered_layout
from .dag.layout import Box, EdgePath, Layout
from .dag.model import DagEdge, DagGroup, DagModel, DagNode, LegendEntry
from .dag.renderer import LARGE_GRAPH, DagRenderer, dag_svg
from .document import SvgDocument
from .reasons import Reason, TraceHints, why_not_running
from .theme import NORMAL, PROJECTOR, Theme, theme_for
from .timeline.lanes import (
    Band,
    Flag,
    Lane,
    LaneGroup,
    Mark,
    Marker,
    Segment,
    TimelineBuilder,
    TimelineModel,
    WaitingLog,
)
from .timeline.renderer import timeline_model, timeline_svg

__all__ = [
    "LARGE_GRAPH",
    "NORMAL",
    "PROJECTOR",
    "SEGMENT_FILL",
    "STATE_FILL",
    "STATE_ICON",
    "STATE_STROKE",
    "Band",
    "Box",
    "CascadeTracker",
    "DagEdge",
    "DagGroup",
    "DagModel",
    "DagNode",
    "DagRenderer",
    "EdgePath",
    "Flag",
    "Lane",
    "LaneGroup",
    "Layout",
    "LegendEntry",
    "Mark",
    "Marker",
    "Reason",
    "Segment",
    "SvgDocument",
    "Theme",
    "TimelineBuilder",
    "TimelineModel",
    "TraceHints",
    "WaitingLog",
    "build_dag_model",
    "dag_dot",
    "dag_model",
    "dag_svg",
    "dot_path",
    "layered_layout",
    "theme_for",
    "timeline_model",
    "timeline_svg",
    "why_not_running",
]
