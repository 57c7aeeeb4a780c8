"""wmkit's benchmark suite: ``python -m bench`` (see ``bench/__main__.py`` for the flags).

Speed is reported as ratios against in-process baselines run interleaved with wmkit
(a bare heapq event loop, the floor, and a small heapq engine, the least a correct
engine must do), as medians of several repeats, because the machine is shared and
noisy. Modules: :mod:`bench.model` (the workload), :mod:`bench.baselines`,
:mod:`bench.run_wmkit` (the workload through wmkit's public API), :mod:`bench.suite`
(the benchmarks), :mod:`bench.registry` and :mod:`bench.report`.
"""
