"""Jupyter widgets that show a WorkManager as it runs: ``Studio`` and its parts.

Every view is a real ipywidget bound to one manager: it listens to the manager's
events, redraws once per step, and acts only through the manager's public calls, so
tests drive it headless (``button.click()``, ``toggle.value = True``). Needs
``ipywidgets`` (and networkx when Graphviz's ``dot`` is missing): ``pip install
wmkit[widgets]``. ``import wmkit`` never imports this package.
"""

from .banner import ErrorBanner
from .clock import ClockControls
from .dag import DagView
from .device import DevicePanel
from .events import EventLog
from .explain import ExplainPanel
from .merge import MergeInspector, MergeReport, merge_report
from .picker import WorkPicker
from .rewind import RewindBar
from .scenarios import ScenarioPicker
from .studio import Studio
from .table import WorkTable
from .timeline import Timeline

__all__ = [
    "ClockControls",
    "DagView",
    "DevicePanel",
    "ErrorBanner",
    "EventLog",
    "ExplainPanel",
    "MergeInspector",
    "MergeReport",
    "RewindBar",
    "ScenarioPicker",
    "Studio",
    "Timeline",
    "WorkPicker",
    "WorkTable",
    "merge_report",
]
