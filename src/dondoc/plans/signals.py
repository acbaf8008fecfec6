"""Signals of the plans app, for the apps below it (DESIGN.md §4: they may import plans,
plans may not import them)."""

from django.dispatch import Signal

# Sent inside the import's transaction, after a plan is saved: `document`, `replaced` (bool),
# `actor` (who imported it: a user or SYSTEM, for the writes the receivers make).
# The indicators app creates the plan's targets from the text it parsed.
plan_imported = Signal()
