"""What a plan is worth beyond its objective: importance, sweeps, robustness, comparisons."""
