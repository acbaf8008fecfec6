"""Administrative units, agencies, users, memberships, roles and scoping."""
