"""The land pages: the ledger and a parcel's page (parcels.py), import and export (imports.py), the township
roll-up and the multi-storey factory projects (summary.py)."""
