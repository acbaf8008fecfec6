"""Tracking: reporting periods, progress reports and their workflow, follow-up, consolidation."""
