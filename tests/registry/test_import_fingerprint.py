"""An imported row's fingerprint (transfer._fingerprint) keeps its exact input text: the rows
imported before are recognised by the digests stored then (ImportedRow), so however the
fingerprint is computed, the same records must give the same text."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from typing import Any

from django.db.models import Model

from dondoc.registry.bulk import new_instance
from dondoc.registry.models import Activity, CrimeReport, Person
from dondoc.registry.transfer import _content_names, _fingerprint

IDS = {"agency_id": 11, "unit_id": 12, "province_id": 13, "created_by_id": 14}


def _reference(item: Any) -> Any:
    """The fingerprint's input as first written (before the import was made fast)."""
    if isinstance(item, Model):
        values = item.__dict__
        return [(name, repr(values[name])) for name in _content_names(type(item))]
    if isinstance(item, list | tuple):
        return [_reference(part) for part in item]
    return repr(item)


def _row() -> tuple[Any, ...]:
    report = new_instance(
        CrimeReport,
        dict(
            number="TB-1", received_on=datetime.date(2024, 3, 1), source="denunciation",
            summary="Nội dung 'x'", offence_id=5, offence_on=None, offence_address="",
            transferred_to="", complex=False, due_on=datetime.date(2024, 3, 21),
            decision="pending", decided_on=None, **IDS,
        ),
    )  # fmt: skip
    person = new_instance(
        Person,
        dict(
            full_name='Nguyễn Thị "A"', identity_number="001234567890",
            identity_hash="ab" * 32, name_hash="cd" * 32, birth_date=datetime.date(2012, 6, 5),
            birth_year=2012, sex="female", ethnicity_id=2, religion_id=None,
            nationality="Việt Nam", address="", phone="", **IDS,
        ),
    )  # fmt: skip
    return (report, person, None, None)


def test_a_crime_reports_fingerprint_text_is_the_one_stored_digests_were_made_of() -> None:
    text = _fingerprint(_row(), lambda s: s)
    # The SHA-256 of the text the code wrote before it was made fast (recorded then).
    assert hashlib.sha256(text.encode()).hexdigest() == (
        "99d59506e90f411dee4fdf61d64d02f01bea7ece308a7982884b36fd9bfd92d0"
    )
    assert text == repr(_reference(_row()))


def test_other_kinds_give_the_reference_text_too() -> None:
    activity = new_instance(
        Activity,
        dict(kind="training", subject="torture", title="Tập huấn",
             held_on=datetime.date(2024, 1, 2), audiences=["police", "court"],
             participants_male=3, participants_female=0, languages="", materials=Decimal("2"),
             **IDS),
    )  # fmt: skip
    for item in [(activity,), (activity, [7, 9], None), (_row()[1], [], ("a", 1))]:
        assert _fingerprint(item, lambda s: s) == repr(_reference(item))


def test_parsed_cells_are_memoised_per_column_but_rejected_ones_are_reported_each_time() -> None:
    from dondoc.registry.layouts import LAYOUTS
    from dondoc.registry.tabular import parse_rows

    layout = LAYOUTS["activities"]
    labels = {c.key: c.label for c in layout.columns}
    row = {"kind": "Hội nghị", "subject": "Công ước chống tra tấn", "title": "Lớp 1",
           "held_on": "02/01/2024", "audiences": "Cán bộ, công chức; Phụ nữ"}  # fmt: skip
    bad = dict(row, held_on="31/02/2024")
    memo: dict[str, dict[str, Any]] = {}
    good, errors = parse_rows(layout, [(2, row), (3, bad), (4, dict(row)), (5, dict(bad))], memo)
    assert [n for n, _ in good] == [2, 4] and [(e.row, e.column) for e in errors] == [
        (3, labels["held_on"]),
        (5, labels["held_on"]),
    ]
    first, again = good[0][1], good[1][1]
    assert first == again and first["held_on"] == datetime.date(2024, 1, 2)
    assert memo["held_on"] == {"02/01/2024": datetime.date(2024, 1, 2)}
    assert first["audiences"] is not again["audiences"]  # a list is never shared between rows
    later, _ = parse_rows(layout, [(6, dict(row, title="Lớp 2"))], memo)
    assert later[0][1] == dict(first, title="Lớp 2")
