"""Every real plan of tests/fixtures/real reads to the expectations its reader wrote.

A case the parser cannot read yet is marked xfail(strict=True) by its sidecar, with the reason:
the expectation stays as the reader wrote it, and the mark must come off once it passes.
"""

from __future__ import annotations

import pytest

from .real_corpus import Case, cases, measure

CASES = cases()


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.slug, marks=marks)


def test_corpus_is_there() -> None:
    assert CASES, "tests/fixtures/real holds no case"
    for case in CASES:
        assert case.source.get("repo") or case.source.get("url"), f"{case.slug}: no source"
        assert case.expected["tasks"] > 0 and case.expected.get("sample"), case.slug


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_real_plan_reads_as_its_reader_expects(case: Case) -> None:
    outcome = measure(case)
    assert not outcome.problems, "\n".join(outcome.problems)
