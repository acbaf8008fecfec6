"""Statistics: the disaggregated tables the plans ask for, roll-ups, disclosure control."""
