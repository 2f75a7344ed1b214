"""The land app's services: parcels' transitions, progress reports, reminders, the import and export, the
township roll-up and multi-storey factory projects (decision 0040)."""
