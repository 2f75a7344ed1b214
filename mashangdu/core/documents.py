"""Word documents: one place that sets the county's document font (Noto Sans CJK, also for East Asian
text, which Word otherwise renders in its own default)."""

from __future__ import annotations

from typing import Any


def new_document(size: float = 11) -> Any:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    page = doc.sections[0]  # python-docx's template is US Letter; county documents are A4 (GB/T 9704)
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    normal = doc.styles["Normal"]
    normal.font.name = "Noto Sans CJK SC"
    normal.font.size = Pt(size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    return doc
