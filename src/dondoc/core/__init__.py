"""Base models, domain errors and audit hooks shared by every app."""
