from pathlib import Path

from mashangdu.appeals.transitions import transitions_markdown

DOC = Path(__file__).resolve().parents[3] / "docs" / "appeal-transitions.md"


def test_the_documented_table_is_the_table_in_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == transitions_markdown(), (
        "docs/appeal-transitions.md is stale: python manage.py appeal_transitions > docs/appeal-transitions.md"
    )
