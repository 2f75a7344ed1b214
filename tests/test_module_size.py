"""No module under mashangdu/ is over 450 lines, tests and migrations aside: a longer one is several."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 450
ASIDE = {"tests", "migrations"}


def module_lengths(root: Path) -> dict[str, int]:
    """Physical lines (blank and comment lines too) of each module under root/mashangdu, by relative path;
    modules inside a `tests` or `migrations` folder are left out."""
    lengths = {}
    for path in sorted((root / "mashangdu").rglob("*.py")):
        relative = path.relative_to(root)
        if ASIDE.isdisjoint(relative.parts[:-1]):
            lengths[relative.as_posix()] = len(path.read_bytes().splitlines())
    return lengths


def over_limit(lengths: dict[str, int]) -> list[str]:
    return [f"{name} ({n} lines)" for name, n in sorted(lengths.items()) if n > LIMIT]


def test_no_module_under_mashangdu_is_over_450_lines() -> None:
    lengths = module_lengths(ROOT)
    assert "mashangdu/settings.py" in lengths  # the walk did find the project
    too_long = over_limit(lengths)
    assert not too_long, f"split these modules (at most {LIMIT} lines each): " + ", ".join(too_long)


def test_the_count_is_of_physical_lines_with_tests_and_migrations_aside(tmp_path: Path) -> None:
    def write(relative: str, lines: int) -> None:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n\n# a comment\n" * (lines // 3) + "y = 2\n" * (lines % 3))

    write("mashangdu/app/services.py", LIMIT + 1)
    write("mashangdu/app/views.py", LIMIT)
    write("mashangdu/app/tests/test_views.py", 2 * LIMIT)
    write("mashangdu/app/migrations/0001_initial.py", 2 * LIMIT)
    write("mashangdu/app/migrations.py", LIMIT + 2)  # a module named so is still a module
    write("elsewhere/long.py", 2 * LIMIT)
    lengths = module_lengths(tmp_path)
    assert lengths == {
        "mashangdu/app/migrations.py": LIMIT + 2,
        "mashangdu/app/services.py": LIMIT + 1,
        "mashangdu/app/views.py": LIMIT,
    }
    assert over_limit(lengths) == [
        f"mashangdu/app/migrations.py ({LIMIT + 2} lines)",
        f"mashangdu/app/services.py ({LIMIT + 1} lines)",
    ]
