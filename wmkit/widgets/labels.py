"""One name per work for every view: ``render.text.work_label``, made unique.

``work_label`` names a work by its class and role tag (``"FlakyUpload #linear"``), or by
its class and short id when it has no role tag. Two works of one class with the same
role tag would still look alike (a unique ``sync`` work enqueued twice), so they get an
ordinal in enqueue order: ``"Sync #sync (1)"``, ``"Sync #sync (2)"``.

>>> from types import SimpleNamespace as W
>>> works = [W(id="a1", worker_class_name="m.Sync", tags={"sync"}),
...          W(id="b2", worker_class_name="m.Sync", tags={"sync"}),
...          W(id="c3", worker_class_name="m.Upload", tags={"upload"})]
>>> list(work_labels(works).values())
['Sync #sync (1)', 'Sync #sync (2)', 'Upload #upload']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..render.text import id_text, work_label

#: id -> (the tags it was labelled with, its plain label): a step relabels no work whose
#: tags did not change (a description keeps its row's tags object).
_plain: dict[str, tuple[Any, str]] = {}
_PLAIN_MAX = 50_000


def _plain_label(d: Any) -> tuple[str, str]:
    work_id = id_text(d.id)
    cached = _plain.get(work_id)
    if cached is None or cached[0] is not d.tags:
        if len(_plain) >= _PLAIN_MAX:
            _plain.clear()
        cached = _plain[work_id] = (d.tags, work_label(d))
    return work_id, cached[1]


def work_labels(descriptions: Iterable[Any]) -> dict[str, str]:
    """Work id (text) -> a label no other of these works has, in the given order."""
    plain = dict(_plain_label(d) for d in descriptions)
    counts = Counter(plain.values())
    if all(n == 1 for n in counts.values()):
        return plain
    seen: Counter[str] = Counter()
    labels = {}
    for work_id, label in plain.items():
        if counts[label] > 1:
            seen[label] += 1
            label = f"{label} ({seen[label]})"
        labels[work_id] = label
    return labels
