"""Drawings of a WorkManager that need no notebook: the DAG and the timeline, as SVG.

Two steps, so each can be tested alone: a plain model (dataclasses) read from the
engine's public calls, then an SVG writer that reads only the model. ``import wmkit``
never imports this package; it needs networkx only when Graphviz's ``dot`` is missing.

>>> from wmkit import WorkManager
>>> dag_svg(WorkManager()).startswith("<svg")
True
"""

from .cascade import CascadeTracker
from .colors import SEGMENT_FILL, STATE_FILL, STATE_STROKE
from .dag import LARGE_GRAPH, DagRenderer, dag_svg
from .dot import dag_dot, dot_path
from .graph import build_dag_model, dag_model
from .lanes import (
    Band,
    Lane,
    Mark,
    Marker,
    Segment,
    TimelineBuilder,
    TimelineModel,
    WaitingLog,
)
from .layered import layered_layout
from .layout import Box, EdgePath, Layout
from .model import DagEdge, DagGroup, DagModel, DagNode, LegendEntry
from .timeline import timeline_model, timeline_svg

__all__ = [
    "LARGE_GRAPH",
    "SEGMENT_FILL",
    "STATE_FILL",
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
    "Lane",
    "Layout",
    "LegendEntry",
    "Mark",
    "Marker",
    "Segment",
    "TimelineBuilder",
    "TimelineModel",
    "WaitingLog",
    "build_dag_model",
    "dag_dot",
    "dag_model",
    "dag_svg",
    "dot_path",
    "layered_layout",
    "timeline_model",
    "timeline_svg",
]
