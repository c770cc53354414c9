"""The workbench's glossary: the planners' terms its pages use, each with a short definition in
planners' words, kept once here. The help page (``/help``) lists them all, each under an anchor
of its key; a page's tooltip (the ``tip`` macro of ``macros.html.j2``) links to the entry and
shows its definition. Every term and definition is marked for the catalog and translated where
it is shown."""

from __future__ import annotations

from typing import NamedTuple

from landplan.i18n import N_
from landplan.i18n import gettext as _


class Entry(NamedTuple):
    key: str  #: the entry's anchor on the help page (``/help#key``)
    term: str
    definition: str


GLOSSARY: tuple[Entry, ...] = (
    Entry("scenario", N_("Scenario"), N_("A question put to the model: the data, the demand, the rules, the objective's weights and the solver's settings, kept as one YAML file. A new scenario starts from another (its parent) and keeps only what differs.")),
    Entry("run", N_("Run"), N_("One solve of a scenario: its plan, figures, charts, maps and files, with who ran it, when, and the data and software it used. Running again gives the same tables byte for byte.")),
    Entry("plan", N_("Plan"), N_("How many km² of releasable industrial land each industry gets in each park tier: the best total score the solver found that keeps every rule.")),
    Entry("park_tier", N_("Park tier"), N_("A part of a park released at one time: the starting area (released first), the expansion area or the reserve area (released last). A tier's land counts only for demand from its release year on.")),
    Entry("suitability", N_("Suitability"), N_("How well a park suits an industry, from 0 to 1: the weighted sum of the criteria (policy endorsement, existing base, chain partners, access, land fit and any of your own), each 0 to 1. The plan earns suitability × land.")),
    Entry("policy_endorsement", N_("Policy endorsement"), N_("A criterion: 1 if the policy names the park's district for the industry, 0 if it names other districts, 0.5 if it names none.")),
    Entry("existing_base", N_("Existing base"), N_("A criterion: the industry's base already in or around the park, from the plan pack's sourced evidence: 1 for an anchor firm in the park or its subdistrict, 0.8 for a cluster there, 0.5 for a presence; half as much for evidence about a wider zone; 0 where none is on record (which is no proof that nothing is there).")),
    Entry("chain_partners", N_("Chain partners"), N_("A criterion: how many of the industry's partners in its industrial chain the policy endorses in the park's district.")),
    Entry("access", N_("Access"), N_("A criterion: nearness to the infrastructure the industry needs (airport, container ports, high-speed rail, the innovation core), halving every 30 km of effective distance. It refines the choice among the places the policy names.")),
    Entry("land_fit", N_("Land fit"), N_("A criterion: whether the park can hold the industry's minimum footprint, and how much of its demand by the last horizon.")),
    Entry("demand", N_("Demand"), N_("The km² of industrial land each industry asks for by each horizon. A scenario may scale it, set it by industry, or make it a hard rule.")),
    Entry("horizon", N_("Horizon"), N_("A year by which demand is counted (the plan pack's years; three in the bundled plan). Land counts for a horizon only if its tier is released by then.")),
    Entry("shortfall", N_("Shortfall"), N_("Demand not met: the km² an industry asked for by a horizon that the plan does not give it.")),
    Entry("shortfall_penalty", N_("Shortfall penalty"), N_("What each km² of demand not met by each horizon takes off the score (10 by default). It can pull the plan's score to zero or below when demand exceeds the land.")),
    Entry("chain_bonus", N_("Chain bonus"), N_("What the score gains for each pair of chain partners that share at least one park (0.02 by default, times the link's strength), counted once per pair however many parks they share.")),
    Entry("lock", N_("Lock"), N_("A rule that an industry must get land in a given park (or district).")),
    Entry("exclusion", N_("Exclusion"), N_("A rule that an industry gets no land in a given park (or district).")),
    Entry("score_at_stake", N_("Score at stake"), N_("The most any plan of the scenario could earn: every km² it can place at perfect suitability, plus every chain bonus. Gaps are shares of it.")),
    Entry("bound", N_("Bound"), N_("A score the solver proved no plan can exceed. The closer the plan's score comes to it, the surer the plan is the best.")),
    Entry("gap", N_("Gap"), N_("How far the plan may be from the best: certified within X % means no plan can score more than X % of the score at stake above this one. A solve stops once its plan is within the asked gap (0.5 % by default).")),
    Entry("shadow_price", N_("Shadow price"), N_("What one more km² of a park's fullest tier would add to the plan's score: 0 where the park has land left.")),
    Entry("sweep", N_("Sweep"), N_("Many samples of a scenario, each with the criterion weights and demands varied at random and solved like a run: how often each industry gets land in each park, and how stable the plan is.")),
    Entry("selection_frequency", N_("Selection frequency"), N_("In a sweep, the share of the samples in which an industry gets land in a park: 100 % means every sample puts it there, whatever the weights and demand drawn. A placement in at least 90 % of the samples is robust; one between 10 % and 90 % comes and goes.")),
    Entry("stability", N_("Stability"), N_("In a sweep, the share of the samples in which an industry's set of parks is its usual one (the set seen most often): 100 % means the variations never moved it.")),
    Entry("explore", N_("Explore"), N_("A look around the plan: each assignment's replacement importance and up to a few near-optimal alternatives.")),
    Entry("replacement_importance", N_("Replacement importance"), N_("The score the plan would lose if an industry were barred from a park it gets and the plan solved again. A large loss: no other park does nearly as well for it. The importance map shades each park by its loss as a share of the largest one: its title's 1 = x says that the largest loss is x points.")),
    Entry("alternatives", N_("Near-optimal alternatives"), N_("Other plans whose score is within a small share of the score at stake below the plan's, each differing from the plan and from each other in at least a given number of industry–park assignments.")),
    Entry("layout", N_("Layout"), N_("The plan drawn inside the parks: each industry's land placed on parcels (or a grid of cells), kept compact and next to its chain partners.")),
)  # fmt: skip

#: The entries by key.
ENTRIES = {entry.key: entry for entry in GLOSSARY}

#: The editor's settings that a glossary entry explains (the field's name: the entry's key).
FIELD_TERMS = {
    "objective.suitability": "suitability",
    "objective.chain_bonus": "chain_bonus",
    "objective.shortfall_penalty": "shortfall_penalty",
    "solver.gap": "gap",  # not layout.gap: a park layout's own relative gap, not the plan's
}


def term(key: str) -> str:
    """The term of the entry ``key``, in the language of the moment."""
    return _(ENTRIES[key].term)


def definition(key: str) -> str:
    """The definition of the entry ``key``, in the language of the moment (a key not in the
    glossary is an error)."""
    return _(ENTRIES[key].definition)
