"""The 亩均效益 pages: the ranking with its charts, export and evaluation (ranking.py), an enterprise's
evaluations and measures (enterprise.py), the import (imports.py)."""
