"""Intake's pages by audience: `staff` (code management, ratings) and `public` (the mobile pages, no login)."""
