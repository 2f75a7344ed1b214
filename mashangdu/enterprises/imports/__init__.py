"""The registry's Excel exchange (decision 0029): one sheet, one row per enterprise with its primary contact,
tags and one year's key figures. `export_registry` writes what `read_registry` reads back; the import is a
dry run (`read_registry` → `Preview`) and then `import_confirmed`, all or nothing."""

from mashangdu.enterprises.imports.apply import import_confirmed
from mashangdu.enterprises.imports.columns import COLUMNS, REQUIRED
from mashangdu.enterprises.imports.export import export_registry
from mashangdu.enterprises.imports.parse import Preview, Row, read_registry

__all__ = ["COLUMNS", "REQUIRED", "Preview", "Row", "export_registry", "import_confirmed", "read_registry"]
