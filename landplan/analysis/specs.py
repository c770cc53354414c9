"""What a sweep and an exploration are asked to do: plain values, with the help each field
gives on the command line (no solver or data here, so ``landplan --help`` stays quick)."""

from __future__ import annotations

from dataclasses import dataclass, field

from landplan.errors import InputError
from landplan.solving.options import SWEEP_GAP

#: What a sweep may vary.
VARIED = ("weights", "demand")


@dataclass(frozen=True)
class SweepSpec:
    """``samples`` to draw, relative ranges (``vary``: ``weights``, ``demand``), the ``seed``,
    the relative ``gap`` every sample is solved to (the scenario's solver settings do the rest,
    on one thread per sample), and whether samples short of it count in the summaries."""

    samples: int = field(default=100, metadata={"help": "How many perturbed samples to solve."})
    vary: dict[str, float] = field(
        default_factory=lambda: {"weights": 0.2, "demand": 0.15},
        metadata={"help": "Relative ranges of the criterion weights and of demand."},
    )
    seed: int = field(default=0, metadata={"help": "Seed: the same seed gives the same samples."})
    gap: float = field(
        default=SWEEP_GAP,
        metadata={
            "help": "Relative gap every sample is solved to; a sample that stops short of it is "
            "flagged and left out of the frequencies."
        },
    )
    include_unconverged: bool = field(
        default=False,
        metadata={"help": "Count the samples that stopped short of the gap as well."},
    )

    def __post_init__(self) -> None:
        if self.samples < 1:
            raise InputError("samples", f"at least one sample (got {self.samples})")
        for name, value in self.vary.items():
            if name not in VARIED:
                raise InputError("vary", f"unknown '{name}' ({' or '.join(VARIED)})")
            if not 0 <= value < 1:
                raise InputError("vary", f"{name} must be in [0, 1) (got {value:g})")


@dataclass(frozen=True)
class ExploreSpec:
    """What to look for around a plan."""

    importance: bool = field(
        default=True, metadata={"help": "The objective lost if each assignment went."}
    )
    alternatives: int = field(default=3, metadata={"help": "Near-optimal plans to find."})
    share: float = field(
        default=0.01,
        metadata={"help": "Alternatives within this share of the score at stake below the plan's."},
    )
    min_difference: int = field(
        default=5,
        metadata={"help": "Alternatives differing in at least this many industry–park pairs."},
    )
