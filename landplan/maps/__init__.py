"""Maps: the parks, a plan, one cluster's suitability, sweep frequencies and comparisons, all working offline."""
