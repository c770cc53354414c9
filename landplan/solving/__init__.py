"""The solving core both of landplan's problems share: placing industries in parks
(:mod:`landplan.optimisation`) and laying a park out on parcels (:mod:`landplan.layout`).

- :mod:`~landplan.solving.options`: how to solve (also a scenario's ``solver`` section);
- :mod:`~landplan.solving.model`: a model written from parts, rows labelled by family;
- :mod:`~landplan.solving.matrix`: a model as arrays, what solvers take;
- :mod:`~landplan.solving.adapters`: one call of HiGHS or SCIP, reported as it came (one adapter a file);
- :mod:`~landplan.solving.result`: the one result type, its status and stop, the gap;
- :mod:`~landplan.solving.certify`: what an answer and a bound allow to be claimed;
- :mod:`~landplan.solving.words`: how a solve ended, in words.

Nothing here knows industries, parks or parcels.
"""
