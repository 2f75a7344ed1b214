"""Technology matching at the size of a county: 3,000 needs and 3,000 results (decision 0033).

    .venv/bin/python bench/techmatch.py

Texts are built from the demo's needs and results (mashangdu/demo/techmatch.py) with a random tail of
Chinese characters each, so no two are alike. Reported, as the median of 7 runs: building the index (the
vectoriser fitted on all 6,000 texts: what "fit per request" would cost every page), one need's ranked
results on the kept index (the page's cost), one result's needs, and as the baseline in the same run the
bare sparse product of one vector with the results' matrix (the arithmetic the ranking cannot avoid).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure

configure("techmatch.sqlite3")

from mashangdu.demo.techmatch import FIELDS  # noqa: E402
from mashangdu.techmatch.matching import Index  # noqa: E402

SIZE, RUNS = 3000, 7
FILLER = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于"
    "出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
)


def texts(rng: random.Random, kind: int) -> list[tuple[int, str]]:
    pool = [(f, t, d) for f, pair in FIELDS.items() for t, d in pair[kind]]
    out = []
    for pk in range(1, SIZE + 1):
        field, title, text = rng.choice(pool)
        tail = "".join(rng.choice(FILLER) for _ in range(rng.randrange(40, 160)))
        out.append((pk, f"{title} {field} {text}{tail}"))
    return out


def median(fn: Any) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    rng = random.Random(0)
    needs, results = texts(rng, 0), texts(rng, 1)
    build = median(lambda: Index(needs, results))
    index = Index(needs, results)
    query, offer = needs[0][1], results[0][1]
    vector = index.vector(query)
    baseline = median(lambda: (index.results @ vector.T).toarray())
    rank = median(lambda: index.results_for(query))
    serve = median(lambda: index.needs_for(offer))
    print(f"{SIZE} needs + {SIZE} results, median of {RUNS} runs")
    print(f"build the index (fit per request): {build * 1000:8.1f} ms")
    print(f"baseline: one sparse product      : {baseline * 1000:8.2f} ms")
    print(f"a need's ranked results (kept)     : {rank * 1000:8.2f} ms  ({rank / baseline:.1f}× the baseline)")
    print(f"a result's needs (kept)            : {serve * 1000:8.2f} ms  ({serve / baseline:.1f}× the baseline)")
    print(f"suggestions for the first need     : {[(m.pk, m.terms[:3]) for m in index.results_for(query)[:3]]}")


if __name__ == "__main__":
    main()
