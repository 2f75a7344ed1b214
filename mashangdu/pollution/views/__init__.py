"""The pollution pages: the 散乱污 board, registry and site (sites.py), the import and export (imports.py),
grades and 晋A升B plans (grades.py). Every page lets in `scope.may_read` only; objects out of scope are 404."""
