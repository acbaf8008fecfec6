"""Tests of dondoc."""
