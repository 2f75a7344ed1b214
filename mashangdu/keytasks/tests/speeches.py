"""The decomposition's benchmark speeches and their hand-made gold annotations, and how a list of
candidates is scored against them (used by `bench/decompose.py` and by the tests).

Scoring: a gold measure is found when its anchor phrase is inside a candidate's text; a candidate is
right when it contains at least one gold anchor. Precision = right candidates / candidates; recall =
found measures / measures; lead-unit accuracy = found measures whose (first) candidate has a lead unit
among the gold ones ("-" in the gold: no unit expected), split by how the unit is known; due-date accuracy
= found measures with an annotated due date whose candidate has it (MM-DD of its year, read from the
text) or, for "default", whose candidate's due date is the default."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mashangdu.keytasks.decompose import Candidate

DATA = Path(__file__).resolve().parent / "data" / "speeches"


def _shared_data() -> Path:
    """../shared/data next to the checkout (or next to the folder of worktrees holding it)."""
    repo = Path(__file__).resolve().parents[3]
    found = [p / "shared" / "data" for p in repo.parents if (p / "shared" / "data").is_dir()]
    return found[0] if found else repo.parent / "shared" / "data"


SHARED_SPEECH = _shared_data() / "county_speech.txt"
# Our own speeches (written for the benchmark) and the county's, read in place.
SPEECHES: dict[str, Path] = {
    "ecology": DATA / "ecology.txt",
    "projects": DATA / "projects.txt",
    "rural": DATA / "rural.txt",
    "business": DATA / "business.txt",  # written after the rules were frozen: a held-out check
    "county_speech": SHARED_SPEECH,
}


@dataclass(frozen=True)
class Gold:
    anchor: str
    units: frozenset[str]  # full names; {"-"}: no single unit
    known: str  # named / inherited / implied
    areas: frozenset[str]
    dues: frozenset[str] = frozenset()  # MM-DD or "default"; empty: not annotated


@dataclass
class Score:
    candidates: int = 0
    right_candidates: int = 0
    measures: int = 0
    found: int = 0
    unit_right: dict[str, int] = field(default_factory=dict)
    unit_total: dict[str, int] = field(default_factory=dict)
    area_right: int = 0
    due_right: int = 0
    due_total: int = 0
    wrong: list[str] = field(default_factory=list)  # false positives
    missed: list[str] = field(default_factory=list)
    bad_units: list[str] = field(default_factory=list)
    bad_dues: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right_candidates / self.candidates if self.candidates else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.measures if self.measures else 0.0

    def unit_accuracy(self, *known: str) -> tuple[int, int]:
        kinds = known or tuple(self.unit_total)
        return sum(self.unit_right.get(k, 0) for k in kinds), sum(self.unit_total.get(k, 0) for k in kinds)


def gold(name: str) -> list[Gold]:
    rows = []
    for line in (DATA / f"{name}.gold.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        anchor, units, known, areas, *due = line.split("\t")
        dues = frozenset(due[0].split("|")) if due else frozenset()
        rows.append(Gold(anchor, frozenset(units.split("|")), known, frozenset(areas.split("|")), dues))
    return rows


def score(candidates: list[Candidate], annotations: list[Gold]) -> Score:
    result = Score(candidates=len(candidates), measures=len(annotations))
    for candidate in candidates:
        if any(g.anchor in candidate.text for g in annotations):
            result.right_candidates += 1
        else:
            result.wrong.append(candidate.text)
    for g in annotations:
        hit = next((c for c in candidates if g.anchor in c.text), None)
        if hit is None:
            result.missed.append(g.anchor)
            continue
        result.found += 1
        lead = hit.unit.name if hit.unit else "-"
        result.unit_total[g.known] = result.unit_total.get(g.known, 0) + 1
        if lead in g.units:
            result.unit_right[g.known] = result.unit_right.get(g.known, 0) + 1
        else:
            result.bad_units.append(f"{g.anchor}: {lead} (expected {'|'.join(sorted(g.units))})")
        result.area_right += hit.area in g.areas
        if g.dues:
            due = "default" if hit.due is None or hit.due_is_default else f"{hit.due:%m-%d}"
            result.due_total += 1
            if due in g.dues:
                result.due_right += 1
            else:
                result.bad_dues.append(f"{g.anchor}: {due} (expected {'|'.join(sorted(g.dues))})")
    return result
