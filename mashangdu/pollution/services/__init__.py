"""The pollution app's writes (decision 0038): sites (sites.py), the 排查 import (imports.py), grades and
upgrade plans (grades.py), the sweep's reminders (reminders.py)."""
