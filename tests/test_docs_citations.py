"""The repository owns its rules (issue 15): code, tests, benchmarks and docs cite the documents in `docs/`,
never the product specification or the standards notes that live outside the repository.

- Nothing under mashangdu/, tests/, bench/ or docs/ (nor the README and the top-level files) names the
  outside documents' sections (`SPEC §4`, `STANDARDS §3`) or points into the shared folder next to the
  checkout for a rule (`../shared/reference/…`). Its data files (`../shared/data/…`), which tests and
  benchmarks read in place and skip when absent, are fine.
- Every citation `docs/<file>.md §Heading` (or `README.md §Heading`) names a file that exists and a
  heading it has; a bare `§Heading` inside docs/domain.md or docs/standards.md names one of its own.
- The paths that docs/domain.md and docs/standards.md give for the code exist, so a renamed module shows
  up here rather than as a stale page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED_DIRS = ("mashangdu", "tests", "bench", "docs")
SCANNED_FILES = ("README.md", "pyproject.toml", "Makefile", "conftest.py")
SKIPPED_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".pdf", ".docx", ".xlsx", ".pyc", ".sqlite3", ".ico"}
# The documents whose headings code comments cite, and whose code paths are checked.
RULE_DOCUMENTS = ("docs/domain.md", "docs/standards.md")

FORBIDDEN = {
    "cites the product specification that is not in the repository": re.compile(r"\bSPEC\b"),
    "cites the standards notes that are not in the repository": re.compile(r"\bSTANDARDS\b"),
    "points into the shared folder for something other than its data": re.compile(r"shared/(?!data\b)[\w.-]"),
}
CITATION = re.compile(r"((?:docs/[\w./-]+|README)\.md) §")
BARE_SECTION = re.compile(r"(?<!\.md )§(?=[A-Za-z])")
CODE_PATH = re.compile(r"`((?:[\w-]+/)+(?:[\w-]+\.(?:py|md))?)`")


def scanned_files() -> Iterator[Path]:
    this = Path(__file__).resolve()
    for name in SCANNED_FILES:
        if (ROOT / name).is_file():
            yield ROOT / name
    for folder in SCANNED_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or path.resolve() == this or "__pycache__" in path.parts:
                continue
            if path.suffix.lower() in SKIPPED_SUFFIXES:
                continue
            yield path


def text_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return []  # a binary file: no citations in it


def headings(path: Path) -> list[str]:
    """The Markdown headings of `path` (outside fenced code), without their #s."""
    found, fenced = [], False
    for line in text_lines(path):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"#{1,6}\s+(.+?)\s*#*\s*$", line)):
            found.append(match.group(1))
    return found


def names_a_heading(text_after: str, titles: list[str]) -> bool:
    """Whether the text after a § starts with one of `titles`, as a whole: `§Rates` names "Rates", `§Rate`
    and `§Ratesx` do not."""
    return any(
        text_after.startswith(title) and not text_after[len(title) : len(title) + 1].isalnum() for title in titles
    )


def where(path: Path, number: int) -> str:
    return f"{path.relative_to(ROOT)}:{number}"


def test_nothing_cites_documents_outside_the_repository() -> None:
    found = [
        f"{where(path, number)} {reason}: {line.strip()[:120]}"
        for path in scanned_files()
        for number, line in enumerate(text_lines(path), start=1)
        for reason, pattern in FORBIDDEN.items()
        if pattern.search(line)
    ]
    assert not found, "Cite docs/domain.md or docs/standards.md instead:\n" + "\n".join(found)


def test_every_citation_names_an_existing_document_and_heading() -> None:
    titles: dict[str, list[str]] = {}
    wrong = []
    for path in scanned_files():
        own = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(text_lines(path), start=1):
            for match in CITATION.finditer(line):
                target = match.group(1)
                if not (ROOT / target).is_file():
                    wrong.append(f"{where(path, number)} cites {target}, which does not exist")
                    continue
                titles.setdefault(target, headings(ROOT / target))
                if not names_a_heading(line[match.end() :], titles[target]):
                    wrong.append(f"{where(path, number)} cites a heading {target} does not have: {line.strip()}")
            if own in RULE_DOCUMENTS:
                titles.setdefault(own, headings(path))
                for match in BARE_SECTION.finditer(line):
                    if not names_a_heading(line[match.end() :], titles[own]):
                        wrong.append(f"{where(path, number)} names a heading {own} does not have: {line.strip()}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("document", RULE_DOCUMENTS)
def test_the_rule_documents_have_unique_headings(document: str) -> None:
    titles = headings(ROOT / document)
    assert titles, f"{document} is missing or has no headings"
    assert len(titles) == len(set(titles)), f"{document} repeats a heading, so a citation would be ambiguous"


@pytest.mark.parametrize("document", RULE_DOCUMENTS)
def test_the_code_paths_the_rule_documents_give_exist(document: str) -> None:
    missing = [
        f"{document}:{number} `{found}`"
        for number, line in enumerate(text_lines(ROOT / document), start=1)
        for found in CODE_PATH.findall(line)
        if not any((base / found).exists() for base in (ROOT, ROOT / "mashangdu"))
    ]
    assert not missing, "Paths that no longer exist (renamed? update the page):\n" + "\n".join(missing)
