"""Pure renderers: plain dataclasses in, file bytes out, no Django involved."""
