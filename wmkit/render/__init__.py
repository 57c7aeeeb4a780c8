"""Drawings of a WorkManager that need no notebook: the DAG and the timeline, as SVG.

Two steps, so each can be tested alone: a plain model (dataclasses) read from the
engine's public calls, then an SVG writer that reads only the model. ``import wmkit``
never imports this package; it needs networkx only when Graphviz's ``dot`` is missing.

>>> from wmkit import WorkManager
>>> dag_svg(WorkManager()).startswith("<svg")
True
"""

from .colors import SEGMENT_FILL, STATE_FILL, STATE_STROKE
from .dag.cascade import CascadeTracker
from .dag.dot import dag_dot, dot_path
from .dag.graph import build_dag_model, dag_model
from .dag.layered import layered_layout
from .dag.layout import Box, EdgePath, Layout
from .dag.model import DagEdge, DagGroup, DagModel, DagNode, LegendEntry
from .dag.renderer import LARGE_GRAPH, DagRenderer, dag_svg
from .timeline.lanes import (
    Band,
    Lane,
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
