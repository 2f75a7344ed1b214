"""The 亩均效益 services: the evaluation (evaluation.py), the measures (measures.py), import and export
(imports.py)."""
