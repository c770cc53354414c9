"""Inside the parks: lay each industry's planned land out on parcels, compact and next to its
chain partners (the second stage of a run, once the park-level plan is fixed).

One job a module, in the order data flows:

- :mod:`~landplan.layout.graph`: one park's parcels as arrays and the edges they share;
- :mod:`~landplan.layout.problem`: a park's layout problem (a value), its objective, the least
  boundary industries can have, and the check of a layout;
- :mod:`~landplan.layout.part` and :mod:`~landplan.layout.families`: the model's families, one
  module each with its rows' mathematics;
- :mod:`~landplan.layout.boxes`: the sharper least boundary on a square grid;
- :mod:`~landplan.layout.rays`: the sharper least boundary of land in rings, on any parcels;
- :mod:`~landplan.layout.pieces`: where an industry cannot be one block, and why;
- :mod:`~landplan.layout.heuristic`: a compact layout found quickly;
- :mod:`~landplan.layout.anneal`: that layout improved by simulated annealing, by counts;
- :mod:`~landplan.layout.bound`: the proven bound a layout's gap is measured against;
- :mod:`~landplan.layout.model`: the model compiled from the families (for the search of small
  parks);
- :mod:`~landplan.layout.solve`: heuristic, bound, search, certified as every solve is
  (:mod:`landplan.solving`);
- :mod:`~landplan.layout.plan`: every park of a plan, checked and solved in parallel;
- :mod:`~landplan.layout.measures`: the tables a planner reads (``layout.csv``).

The parcels themselves (the grid, a planner's layer) are inputs: :mod:`landplan.inputs.parcels`.
"""
