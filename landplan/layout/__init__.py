"""Inside the parks: parcels and the layout of each industry's land on them (work in progress,
issue 16: parcels and the per-park layout model; not yet wired into runs, the CLI or maps).

State (December 2026), measured with the bundled parks at 3 ha cells (about 620 cells a park,
the baseline's plan, 2–4 industries a park): the straightforward model below reached gaps of
35–150 % in 30 s with HiGHS, and PuLP's HiGHS wrapper calls a time-limited stop "optimal", so
status must be read from highspy itself. Next: a compact greedy start (grow each industry from
its best seed), candidate cells limited to a neighbourhood, symmetry between equal cells broken,
then the contiguity option (flow), the scenario section, CLI, outputs and map layer.

Why the gap stays open: the LP relaxation spreads every industry thinly over all cells
(x = 0.05 everywhere makes s = 0.05 on every edge), so its exposed boundary, and the bound, are
near zero. Cuts that should close it: an industry's land is fixed by the plan (within half a
parcel), and no set of cells of area A has an exposed boundary below 2√(πA) (below 4√A where the
cells are whole squares), so ``exposed_c ≥ 4√A_c`` (or the general form near tier edges) bounds
each industry from below; with those, the bound starts near the compact optimum and the search
only has to find a layout that reaches it (a greedy region-growing start should).

Tried (not kept): the cut ``exposed_c ≥ 2√(π A_c)`` on the same three parks moved the 30 s gaps
to 118 %, 21 % and 79 %: not enough. The relative gap is also ill-conditioned here, since the
objective (exposed boundary minus the partner bonus) can be small; a gap on the exposed boundary
alone, or a layout-specific measure, may be the honest figure to report.
"""
