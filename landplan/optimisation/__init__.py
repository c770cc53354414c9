"""The optimisation layer: the problem as a value, its families and terms, the compiled model,
the solver adapters, the engine and the solution."""
