"""Criterion weights: given directly, or derived from an AHP pairwise-comparison matrix.

AHP (Saaty): for criteria i, j the planner states how much more important i is than j on the
1–9 scale, ``a_ij``, with ``a_ji = 1 / a_ij``. The weights are the principal eigenvector ``w`` of
``A`` (normalised to sum 1), ``λ_max`` its eigenvalue, and the consistency ratio

    CI = (λ_max − n) / (n − 1),   CR = CI / RI(n)

with Saaty's random index RI. A matrix with CR > 0.1 is too inconsistent to use.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from landplan.errors import InputError

#: Saaty's random consistency index by matrix size.
RANDOM_INDEX = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}
MAX_CONSISTENCY_RATIO = 0.1


def normalise_weights(weights: Mapping[str, float], source: str = "weights") -> dict[str, float]:
    """Check weights are finite and non-negative with a positive sum; scale them to sum 1."""
    for name, value in weights.items():
        if not np.isfinite(value) or value < 0:
            raise InputError(
                source, f"weight must be a non-negative number (got {value!r})", field=name
            )
    total = float(sum(weights.values()))
    if total <= 0:
        raise InputError(source, "the weights add up to 0; give at least one a positive weight")
    return {name: float(value) / total for name, value in weights.items()}


def ahp_weights(matrix: pd.DataFrame, source: str = "AHP matrix") -> tuple[dict[str, float], float]:
    """Weights and consistency ratio from a square pairwise-comparison matrix.

    ``matrix`` is labelled by criterion on both axes. Raises InputError when the matrix is not
    square, not positive and reciprocal, or when CR > 0.1 (the message gives the ratio).
    """
    names = list(matrix.index)
    if list(matrix.columns) != names:
        raise InputError(source, "rows and columns must name the same criteria in the same order")
    values = matrix.to_numpy(dtype=float)
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise InputError(source, "every comparison must be a positive number")
    reciprocal = np.isclose(values * values.T, 1.0, rtol=1e-3)
    if not reciprocal.all():
        i, j = np.argwhere(~reciprocal)[0]
        raise InputError(
            source,
            f"{names[i]} vs {names[j]} is {values[i, j]:g} but {names[j]} vs {names[i]} is "
            f"{values[j, i]:g}; they must be reciprocal",
        )
    n = len(names)
    eigenvalues, eigenvectors = np.linalg.eig(values)
    k = int(np.argmax(eigenvalues.real))
    principal = np.abs(eigenvectors[:, k].real)
    weights = principal / principal.sum()
    ratio = 0.0 if n <= 2 else ((eigenvalues[k].real - n) / (n - 1)) / RANDOM_INDEX[min(n, 10)]
    if ratio > MAX_CONSISTENCY_RATIO:
        raise InputError(
            source,
            f"the comparisons are inconsistent: consistency ratio {ratio:.3f} > "
            f"{MAX_CONSISTENCY_RATIO} (revise the judgements that contradict each other)",
        )
    return dict(zip(names, weights.tolist(), strict=True)), float(max(ratio, 0.0))
