"""``dag_model`` read from a real manager: labels, groups, merges, joins, cascades."""

from __future__ import annotations

from datetime import timedelta

from wmkit import (
    ArrayCreatingInputMerger,
    ExistingWorkPolicy,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    WorkContinuation,
    WorkManager,
    WorkRequest,
)
from wmkit.render import DagModel, DagNode, dag_model, dag_svg

from .conftest import parse_svg
from .workers import Boom, City, Quick, Slow


def node(model: DagModel, request: WorkRequest) -> DagNode:
    """The node drawn for ``request``."""
    return model.node(str(request.id))


def test_nodes_show_class_short_id_state_attempts_and_user_tags(manager: WorkManager) -> None:
    """A node carries its worker class, short id, state, attempts and only the user tags."""
    request = OneTimeWorkRequest(Quick, tags=["sync"])
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    n = node(dag_model(manager), request)
    assert (n.title, n.short_id, n.state, n.attempts) == (
        "Quick",
        str(request.id)[:8],
        "RUNNING",
        1,
    )
    assert n.tags == ("sync",)  # the implicit class tag is hidden


def test_prerequisites_become_edges_and_fan_in_shows_its_merger(manager: WorkManager) -> None:
    """Every prerequisite is an edge, and a fan-in node names its merger."""
    a, b = OneTimeWorkRequest(City), OneTimeWorkRequest(City)
    c = OneTimeWorkRequest.Builder(City).set_input_merger(ArrayCreatingInputMerger).build()
    manager.begin_with([a, b]).then(c).enqueue()
    model = dag_model(manager)
    assert {(e.source, e.target) for e in model.edges} == {
        (str(a.id), str(c.id)),
        (str(b.id), str(c.id)),
    }
    assert node(model, c).merger == "ArrayCreating"
    assert node(model, a).merger is None
    assert "⇉ ArrayCreating" in dag_svg(model)


def test_a_unique_chain_is_one_group(manager: WorkManager) -> None:
    """Works enqueued under one unique name are grouped (drawn as one cluster)."""
    a, b = OneTimeWorkRequest(Quick), OneTimeWorkRequest(Quick)
    manager.begin_unique_work("upload", ExistingWorkPolicy.APPEND, a).then(b).enqueue()
    manager.enqueue(OneTimeWorkRequest(Quick))
    model = dag_model(manager)
    [group] = model.groups
    assert group.name == "upload" and set(group.node_ids) == {str(a.id), str(b.id)}
    assert dag_svg(model).count('class="cluster"') == 1


def test_combine_adds_a_join_node(manager: WorkManager) -> None:
    """``WorkContinuation.combine``'s hidden worker is a join node between the chains."""
    left = manager.begin_with(OneTimeWorkRequest(City))
    right = manager.begin_with(OneTimeWorkRequest(City))
    last = OneTimeWorkRequest(City)
    WorkContinuation.combine([left, right]).then(last).enqueue()
    model = dag_model(manager)
    joins = [n for n in model.nodes if n.is_join]
    assert len(joins) == 1
    assert {e.target for e in model.edges if e.source == joins[0].id} == {str(last.id)}
    assert "<circle" in dag_svg(model)


def test_a_failure_cascade_is_traced_to_its_origin(manager: WorkManager) -> None:
    """The worker that raised is the origin; its dependents are on the red path."""
    boom = OneTimeWorkRequest(Boom)
    second, third = OneTimeWorkRequest(City), OneTimeWorkRequest(City)
    manager.begin_with(boom).then(second).then(third).enqueue()
    bystander = OneTimeWorkRequest(City)
    manager.enqueue(bystander)
    manager.advance(timedelta(seconds=1))
    model = dag_model(manager)
    assert (node(model, boom).cascade, node(model, boom).cascade_kind) == ("origin", "failed")
    assert node(model, second).cascade == node(model, third).cascade == "path"
    assert node(model, bystander).cascade is None
    assert all(e.cascade == "failed" for e in model.edges)
    svg = dag_svg(model)
    parse_svg(svg)
    assert svg.count('data-cascade="failed"') == 2


def test_a_cancellation_cascade_is_traced_to_its_origin(manager: WorkManager) -> None:
    """Cancelling a work makes it the origin; dependents cancelled with it form the path."""
    first, second = OneTimeWorkRequest(Slow), OneTimeWorkRequest(City)
    manager.begin_with(first).then(second).enqueue()
    manager.cancel_work_by_id(first.id)
    model = dag_model(manager)
    assert (node(model, first).cascade, node(model, first).cascade_kind) == ("origin", "cancelled")
    assert node(model, second).cascade == "path"
    assert [e.cascade for e in model.edges] == ["cancelled"]


def test_work_enqueued_after_a_failed_prerequisite_is_on_the_path(manager: WorkManager) -> None:
    """A work appended to a FAILED chain fails at once, as a victim, not an origin."""
    boom = OneTimeWorkRequest(Boom)
    manager.enqueue_unique_work("job", ExistingWorkPolicy.APPEND, boom)
    manager.advance(timedelta(seconds=1))
    late = OneTimeWorkRequest(City)
    manager.enqueue_unique_work("job", ExistingWorkPolicy.APPEND, late)
    model = dag_model(manager)
    assert node(model, late).state == "FAILED"
    assert node(model, late).cascade == "path"
    assert node(model, boom).cascade == "origin"


def test_periodic_work_is_labelled_with_its_interval(manager: WorkManager) -> None:
    """A periodic work's heading says how often it repeats."""
    request = PeriodicWorkRequest(Quick, timedelta(minutes=15))
    manager.enqueue(request)
    assert node(dag_model(manager), request).heading == "Quick ↻ 15m"


def test_failed_work_shows_its_failure_in_the_tooltip(manager: WorkManager) -> None:
    """The exception a worker raised is in its node's tooltip."""
    boom = OneTimeWorkRequest(Boom)
    manager.enqueue(boom)
    manager.advance(timedelta(seconds=1))
    assert "RuntimeError: disk full" in node(dag_model(manager), boom).tooltip
