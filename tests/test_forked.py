"""`forked.run_calls`: pure calls over forked children give what they give here, in order."""

from __future__ import annotations

import os
from functools import partial

from storyline import forked


def test_calls_give_their_results_in_order_however_they_are_sent() -> None:
    calls = [partial(pow, 2, n) for n in range(9)]
    expected = [2**n for n in range(9)]
    assert forked.run_calls(calls, 2) == expected
    assert forked.run_calls(calls, 2, weights=list(range(9))) == expected  # heaviest (last) sent first
    assert forked.run_calls(calls, 1) == expected


def test_the_calls_run_in_children_only_when_there_are_processes_to_share() -> None:
    here = os.getpid()
    assert set(forked.run_calls([os.getpid] * 4, 1)) == {here}
    assert here not in forked.run_calls([os.getpid] * 4, 2)
    assert forked.run_calls([os.getpid], 2) == [here]  # one call: no fork for it


def _dies_in_a_child(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(1)  # as a child killed for memory would end
    return "done here"


def test_a_child_that_dies_leaves_the_calls_to_run_here() -> None:
    calls = [partial(_dies_in_a_child, os.getpid())] * 3
    assert forked.run_calls(calls, 2) == ["done here"] * 3


def test_chunks_and_the_work_done_here_meanwhile_change_no_result() -> None:
    calls = [partial(pow, 3, n) for n in range(10)]
    seen: list[int] = []
    assert forked.run_calls(calls, 2, chunksize=3, meanwhile=lambda: seen.append(os.getpid())) == [3**n for n in range(10)]
    assert seen == [os.getpid()]  # once, here
    forked.run_calls([], 2, meanwhile=lambda: seen.append(0))
    assert seen[-1] == 0  # run even with nothing to do


def test_what_goes_wrong_meanwhile_stops_the_children_and_is_raised() -> None:
    import pytest

    def broken() -> None:
        raise LookupError("no model")

    with pytest.raises(LookupError, match="no model"):
        forked.run_calls([partial(pow, 2, n) for n in range(6)], 2, meanwhile=broken)
    with pytest.raises(LookupError, match="no model"):
        forked.run_calls([partial(pow, 2, 1)], 2, meanwhile=broken)  # here, before the calls


def test_the_work_done_here_meanwhile_runs_once_when_a_child_dies() -> None:
    seen: list[int] = []
    calls = [partial(_dies_in_a_child, os.getpid())] * 3
    assert forked.run_calls(calls, 2, meanwhile=lambda: seen.append(1)) == ["done here"] * 3
    assert seen == [1]
