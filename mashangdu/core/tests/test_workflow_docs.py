"""Every workflow's human document is generated from its table and kept equal to it."""

from pathlib import Path

from mashangdu.core.workflow import WORKFLOWS

ROOT = Path(__file__).resolve().parents[3]


def test_every_workflow_is_registered_with_a_document() -> None:
    assert {"appeal", "task", "progress-report"} <= set(WORKFLOWS)
    assert WORKFLOWS["appeal"].document == "docs/appeal-transitions.md"


def test_each_documented_table_is_the_table_in_the_code() -> None:
    for workflow in WORKFLOWS.values():
        path = ROOT / workflow.document
        assert path.is_file() and path.read_text(encoding="utf-8") == workflow.markdown(), (
            f"{workflow.document} is stale: python manage.py workflow_docs"
        )
