"""Word documents: one place that sets the county's document font (Noto Sans CJK, also for East Asian
text, which Word otherwise renders in its own default)."""

from __future__ import annotations

from typing import Any


def new_document(size: float = 11) -> Any:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Noto Sans CJK SC"
    normal.font.size = Pt(size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    return doc
