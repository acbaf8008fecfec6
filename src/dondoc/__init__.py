"""dondoc: follow-up of inter-agency action plans for Vietnamese public agencies."""
