"""Unit tests for wmkit.work.query: WorkQuery matching, its builder and its refusals."""

from __future__ import annotations

import uuid

import pytest

from wmkit import Result, Worker
from wmkit.enums import State
from wmkit.errors import IllegalArgumentError
from wmkit.work.query import WorkQuery
from wmkit.work.work_spec import WorkSpec

A = uuid.UUID(int=0xA)
B = uuid.UUID(int=0xB)
C = uuid.UUID(int=0xC)


class Job(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


def row(work_id: uuid.UUID, tags: set[str], name: str | None, state: State) -> WorkSpec:
    spec = WorkSpec(work_id, Job, "lesson.Job")
    spec.tags = frozenset(tags)
    spec.unique_name = name
    spec.state = state
    return spec


ROWS = [
    row(A, {"sync", "photos"}, "upload", State.ENQUEUED),
    row(B, {"sync"}, None, State.SUCCEEDED),
    row(C, {"cleanup"}, "upload", State.FAILED),
]


def matching(query: WorkQuery) -> list[uuid.UUID]:
    return [spec.id for spec in ROWS if query.matches(spec)]


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        (WorkQuery.from_ids([A, C]), [A, C]),
        (WorkQuery.from_tags(["photos", "cleanup"]), [A, C]),
        (WorkQuery.from_unique_work_names(["upload"]), [A, C]),
        (WorkQuery.from_states([State.SUCCEEDED, State.FAILED]), [B, C]),
        (WorkQuery.from_tags(["nothing"]), []),
    ],
    ids=["ids", "tags", "names", "states", "unknown-tag"],
)
def test_or_within_one_kind(query: WorkQuery, ids: list[uuid.UUID]) -> None:
    """Within one kind, a row matches if it has any of the listed values (§12)."""
    assert matching(query) == ids


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        (WorkQuery(tags=frozenset({"sync"}), states=frozenset({State.ENQUEUED})), [A]),
        (
            WorkQuery(tags=frozenset({"sync", "cleanup"}), unique_work_names=frozenset({"upload"})),
            [A, C],
        ),
        (WorkQuery(ids=frozenset({B}), unique_work_names=frozenset({"upload"})), []),
        (
            WorkQuery(
                ids=frozenset({A, B, C}),
                tags=frozenset({"sync"}),
                unique_work_names=frozenset({"upload"}),
                states=frozenset({State.ENQUEUED, State.FAILED}),
            ),
            [A],
        ),
    ],
    ids=["tag-and-state", "tags-and-name", "id-and-name", "all-four"],
)
def test_and_across_kinds(query: WorkQuery, ids: list[uuid.UUID]) -> None:
    """A row must pass every non-empty kind of criterion (§12)."""
    assert matching(query) == ids


def test_a_query_without_names_does_not_match_unnamed_rows_by_name() -> None:
    """A name criterion never matches a row without a unique name."""
    assert WorkQuery.from_unique_work_names(["upload"]).matches(ROWS[1]) is False


def test_from_factories_do_not_validate_an_empty_list() -> None:
    """from_ids([]), from_tags([]) … match every row, as Android's SQL without WHERE (§12)."""
    for query in (
        WorkQuery.from_ids([]),
        WorkQuery.from_tags([]),
        WorkQuery.from_unique_work_names([]),
        WorkQuery.from_states([]),
    ):
        assert matching(query) == [A, B, C]


def test_builder_combines_kinds() -> None:
    """Builder.from_tags(...).add_states(...).add_ids(...) builds the AND of them."""
    query = (
        WorkQuery.Builder.from_tags(["sync"])
        .add_states([State.ENQUEUED, State.SUCCEEDED])
        .add_ids([B])
        .add_unique_work_names([])
        .build()
    )
    assert query == WorkQuery(
        ids=frozenset({B}),
        tags=frozenset({"sync"}),
        states=frozenset({State.ENQUEUED, State.SUCCEEDED}),
    )
    assert matching(query) == [B]


def test_builder_adds_within_a_kind() -> None:
    """Two add_tags calls widen the same criterion."""
    query = WorkQuery.Builder.from_tags(["photos"]).add_tags(["cleanup"]).build()
    assert query.tags == frozenset({"photos", "cleanup"})
    assert matching(query) == [A, C]


@pytest.mark.parametrize(
    "builder",
    [
        WorkQuery.Builder(),
        WorkQuery.Builder.from_ids([]),
        WorkQuery.Builder.from_states([]).add_tags([]),
    ],
)
def test_builder_build_refuses_an_empty_query(builder: WorkQuery.Builder) -> None:
    """build() with no ids, names, tags or states raises in Android's words (§12)."""
    with pytest.raises(IllegalArgumentError) as caught:
        builder.build()
    assert str(caught.value) == (
        "Must specify ids, uniqueNames, tags or states when building a WorkQuery: "
        "call add_ids/add_tags/add_unique_work_names/add_states first."
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: WorkQuery.from_tags("sync"), "tags must be a list, got 'sync'; write ['sync']."),
        (
            lambda: WorkQuery.from_unique_work_names("upload"),
            "unique work names must be a list, got 'upload'; write ['upload'].",
        ),
        (lambda: WorkQuery.from_ids(A), f"ids must be a list, got {A!r}; write [{A!r}]."),
        (
            lambda: WorkQuery.from_states(State.ENQUEUED),
            f"states must be a list, got {State.ENQUEUED!r}; write [{State.ENQUEUED!r}].",
        ),
        (
            lambda: WorkQuery.Builder().add_tags("sync"),
            "tags must be a list, got 'sync'; write ['sync'].",
        ),
        (lambda: WorkQuery.from_ids([str(A)]), f"ids must be uuid.UUIDs, got '{A}'."),
        (lambda: WorkQuery.from_tags([1]), "tags must be strings, got 1."),
        (
            lambda: WorkQuery.from_states(["ENQUEUED"]),
            "states must be WorkInfo.State members, got 'ENQUEUED'; e.g. State.ENQUEUED.",
        ),
    ],
    ids=[
        "tags-str",
        "names-str",
        "ids-uuid",
        "states-one",
        "builder-str",
        "id-str",
        "tag-int",
        "state-str",
    ],
)
def test_refuses_a_single_value_or_a_wrong_type_where_a_list_is_expected(
    call: object, message: str
) -> None:
    """A bare string (or single value) is refused with the list to write; wrong items too."""
    with pytest.raises(IllegalArgumentError) as caught:
        call()  # type: ignore[operator]
    assert str(caught.value) == message


def test_queries_accept_any_iterable() -> None:
    """A tuple, a set or a generator works as the list of values."""
    assert WorkQuery.from_tags(("sync",)) == WorkQuery.from_tags({"sync"})
    assert WorkQuery.from_ids(i for i in (A, B)).ids == frozenset({A, B})
