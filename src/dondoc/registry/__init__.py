"""Registry: the case records the plans demand (crime reports, complaints, cases, …)."""
