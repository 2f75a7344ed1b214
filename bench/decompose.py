"""Speech → measures: precision and recall of the proposed measures and the accuracy of their lead
unit, area and due date, on four speeches written for this benchmark and on the county's own speech (issue 12).

    .venv/bin/python bench/decompose.py [-v] [SPEECH ...]

Data: mashangdu/keytasks/tests/data/speeches/ (ecology.txt, projects.txt, rural.txt, each with a hand-made
*.gold.tsv written before the rules were tuned) and ../shared/data/county_speech.txt (read in place,
skipped when absent; its gold is county_speech.gold.tsv). Units: the demo county's unit tree, in a
throwaway SQLite database. -v lists the false positives, the misses, the wrong units and wrong due dates.
"""

from __future__ import annotations

import functools
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("decompose.sqlite3")

from django.core.management import call_command  # noqa: E402

from mashangdu.core.models import Unit  # noqa: E402
from mashangdu.keytasks.decompose import propose  # noqa: E402
from mashangdu.keytasks.tests.speeches import SPEECHES, gold, score  # noqa: E402


def main() -> None:
    verbose = "-v" in sys.argv
    only = [a for a in sys.argv[1:] if not a.startswith("-")]
    call_command("migrate", "--no-input", verbosity=0)
    if not Unit.objects.exists():
        call_command("demo_county", "--appeals", "0", "--enterprises", "0", stdout=io.StringIO())
    print(
        "| speech | characters | measures (gold) | candidates | precision | recall "
        "| lead unit: named | lead unit: implied | area | due date | time |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, path in SPEECHES.items():
        if only and name not in only:
            continue
        if not path.is_file():
            print(f"| {name} | skipped: {path} is absent (read in place) |")
            continue
        text = path.read_text(encoding="utf-8")
        candidates = propose(text)
        elapsed = median(functools.partial(propose, text), runs=5)  # the unit index is built on each call
        result = score(candidates, gold(name))
        named = result.unit_accuracy("named", "inherited")
        implied = result.unit_accuracy("implied")
        print(
            f"| {name} | {len(text):,} | {result.measures} | {result.candidates} | "
            f"{result.right_candidates}/{result.candidates} = {result.precision:.0%} | "
            f"{result.found}/{result.measures} = {result.recall:.0%} | "
            f"{_ratio(named)} | {_ratio(implied)} | {_ratio((result.area_right, result.found))} | "
            f"{_ratio((result.due_right, result.due_total))} | "
            f"{elapsed * 1000:.0f} ms (of 5) |"
        )
        if verbose:
            lists = (
                ("not a measure", result.wrong),
                ("missed", result.missed),
                ("unit", result.bad_units),
                ("due", result.bad_dues),
            )
            for label, rows in lists:
                for row in rows:
                    print(f"    {label}: {row}")


def _ratio(pair: tuple[int, int]) -> str:
    right, total = pair
    return f"{right}/{total} = {right / total:.0%}" if total else "—"


if __name__ == "__main__":
    main()
