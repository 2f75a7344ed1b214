"""Fixtures shared by every test folder (see mashangdu/testing.py)."""

pytest_plugins = ["mashangdu.testing"]
