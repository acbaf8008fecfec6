"""Indicators and targets: the plans' numbers, their values per unit and period, attainment."""
