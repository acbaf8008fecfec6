"""`dondoc plan parse|import` on the seeds, as an officer runs them."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dondoc.org.models import Agency
from dondoc.plans.models import Assignment, Document, Task

from .conftest import seed_path

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("plan", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_parse_prints_the_documented_json_and_writes_nothing(world) -> None:
    agencies = Agency.objects.count()
    data = json.loads(run("parse", str(seed_path("000"))))
    assert Document.objects.count() == 0 and Agency.objects.count() == agencies
    document = data["document"]
    assert {k: document[k] for k in ("number", "type", "place", "date")} == {
        "number": "284/KH-UBND",
        "type": "KH",
        "place": "Sơn Dương",
        "date": "2023-07-04",
    }
    assert document["implements"][0] == {
        "number": "125/KH-UBND",
        "date": "2023-06-01",
        "raw": "Kế hoạch số 125/KH-UBND ngày 01/6/2023 của Ủy ban nhân dân tỉnh Tuyên Quang",
        "kind": "Kế hoạch",
        "issuer": "Ủy ban nhân dân tỉnh Tuyên Quang",
    }
    tasks = {t["path"]: t for t in data["tasks"]}
    leaf = tasks["A/II/1/1.1"]
    assert {k: leaf[k] for k in ("code", "parent", "leaf")} == {
        "code": "1.1",
        "parent": "A/II/1",
        "leaf": True,
    }
    lead = leaf["assignments"][0]
    assert lead["role"] == "lead" and lead["raw"] == "Phòng Tư pháp"
    assert lead["agency"] == "Phòng Tư pháp huyện Sơn Dương" and lead["confidence"] == 1.0
    assert leaf["deadline"] == {
        "kind": "on_request",
        "raw": "Theo chỉ đạo của cơ quan cấp trên",
        "start_year": None,
        "end_year": None,
        "date": None,
        "document": None,
        "start": None,
        "due": None,
    }
    assert tasks["A"]["leaf"] is False and tasks["A"]["deadline"] is None
    assert sum(t["leaf"] for t in data["tasks"]) == 34
    collective = tasks["B/I"]["assignments"][0]
    assert collective["collective"] is True and collective["agency"] is None
    assert data["warnings"][0]["code"] == "appendix_number_mismatch"


def test_parse_without_database_resolution_leaves_agencies_null() -> None:
    data = json.loads(run("parse", str(seed_path("001")), "--no-resolve"))
    assignments = [a for t in data["tasks"] for a in t["assignments"]]
    assert assignments and all(a["agency"] is None for a in assignments)
    assert data["document"]["number"] is None


def test_a_file_without_a_plan_exits_with_status_2(world) -> None:
    with pytest.raises(CommandError) as raised:
        run("parse", str(seed_path("004")))
    assert raised.value.returncode == 2
    assert "không phải là kế hoạch" in str(raised.value)


def test_import_infers_the_unit_and_asks_for_replace_the_second_time(world) -> None:
    output = run("import", str(seed_path("000")), "--user", "daumoi")
    document = Document.objects.get()
    assert document.unit == world.son_duong and document.number == "284/KH-UBND"
    assert "Kế hoạch 284/KH-UBND" in output and "34 nhiệm vụ" in output
    assert document.tasks.count() == 46 and document.tasks.filter(is_leaf=True).count() == 34
    leaf = Task.objects.get(document=document, path="A/II/1/1.1")
    assert leaf.parent is not None and leaf.parent.path == "A/II/1"
    lead = leaf.assignments.get(role="lead")
    assert lead.agency == world.justice_sd  # the hand-made agency was adopted, not duplicated
    # "Công an huyện" is lead and coordinator of C/IV: one assignment, as lead.
    c_iv = Task.objects.get(document=document, path="C/IV")
    police = c_iv.assignments.filter(agency=world.police_sd)
    assert [a.role for a in police] == ["lead"]
    with pytest.raises(CommandError, match="--replace"):
        run("import", str(seed_path("000")))
    assert Document.objects.count() == 1
    run("import", str(seed_path("000")), "--replace")
    replaced = Document.objects.get()
    assert replaced.pk == document.pk and replaced.tasks.count() == 46
    assert Assignment.objects.filter(task__document=replaced).count() == Assignment.objects.count()


def test_import_of_the_draft_seed_001_in_tra_vinh_city(world, tra_vinh_city) -> None:
    run("import", str(seed_path("001")))
    document = Document.objects.get()
    assert document.unit == tra_vinh_city and document.number == ""
    assert (
        document.issued_year == 2023 and document.issued_month == 5 and document.issued_on is None
    )
    assert document.label == "Kế hoạch (chưa có số, 5/2023)"
    codes = [w["code"] for w in document.warnings]
    assert "number_missing" in codes and codes.count("duplicate_number") == 3
    # The repeated section IV is two tasks with the same path, each with its own children.
    sections = Task.objects.filter(document=document, path="IV").order_by("position")
    assert [s.children.count() for s in sections] == [4, 2]
    with pytest.raises(CommandError, match="đã có trong hệ thống"):
        run("import", str(seed_path("001")))


def test_import_asks_for_the_unit_when_the_document_does_not_say(world, tmp_path) -> None:
    plan = tmp_path / "kh.txt"
    plan.write_text(
        "Số: 7/KH-UBND\n\nKẾ HOẠCH\n\nThử nghiệm\n\n"
        "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả dự kiến\tThời hạn\n"
        "1\tTuyên truyền\tCông an huyện\t\tBáo cáo\tHàng năm\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="--unit"):
        run("import", str(plan))
    run("import", str(plan), "--unit", world.son_duong.path)
    task = Task.objects.get()
    assert task.assignments.get().agency == world.police_sd
