"""Shared fixtures: the small scoped world (tests/world.py)."""

pytest_plugins = ["tests.world"]
