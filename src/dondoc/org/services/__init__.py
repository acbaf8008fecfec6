"""Every write of `org`: one module per sub-domain (units, agencies, users)."""
