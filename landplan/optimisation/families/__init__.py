"""The constraint families of the allocation, one module each (see
:mod:`landplan.optimisation.part`), registered by being here
(:data:`landplan.optimisation.registry.FAMILIES`)."""
