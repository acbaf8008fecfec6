"""Pure renderers: plain dataclasses in, file bytes out, no Django involved. Here in core,
below every app that writes a document or a workbook (registry, stats, reports), so that none
imports upward."""
