"""The directory adopts the names plans use: aliases learned when a plan is confirmed, the
name seed 000 uses for its culture centre adopted by an explicit, audited service, and the
consolidated report printing it."""

from __future__ import annotations

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from dondoc.core.exceptions import InvalidInput, NotAllowed, NotFound
from dondoc.org.models import Agency
from dondoc.org.resolve import resolve_agency
from dondoc.org.services.names import agency_name_adopt
from dondoc.org.variants import full_name_from_mention, name_proposal
from dondoc.plans.models import Document
from dondoc.plans.resolution import agency_name_proposals
from tests.org.factories import make_unit
from tests.plans.conftest import seed_path
from tests.wordtext import word_text

pytestmark = pytest.mark.django_db

TEMPLATE_NAME = "Trung tâm Văn hóa - Thông tin và Thể thao huyện Sơn Dương"
SEED_NAME = "Trung tâm Văn hóa - Truyền thông và Thể thao huyện Sơn Dương"


def test_seed_000_names_its_culture_centre_its_own_way_and_the_report_prints_it(
    world, tmp_path
) -> None:
    call_command("plan", "import", str(seed_path("000")), stdout=StringIO())
    document = Document.objects.get(number="284/KH-UBND")
    centre = Agency.objects.get(unit=world.son_duong, template_key="culture_centre")
    assert centre.name == TEMPLATE_NAME
    before = tmp_path / "before.docx"
    call_command(
        "report", "consolidated", "--plan", "284/KH-UBND", "--period", "2024",
        "--out", str(before), stdout=StringIO(),
    )  # fmt: skip
    assert TEMPLATE_NAME in word_text(before) and SEED_NAME not in word_text(before)

    proposals = {
        p.agency.template_key: p for p in agency_name_proposals(user=world.focal, document=document)
    }
    assert proposals["culture_centre"].name == SEED_NAME
    # Abbreviations and shortenings the seed uses are not proposed as names.
    assert "finance" not in proposals  # "Phòng Tài chính" for "Phòng Tài chính - Kế hoạch"
    assert "labour" not in proposals  # only the dash differs
    assert "culture" not in proposals  # two wordings: not consistent

    adopted = agency_name_adopt(
        actor=world.focal, agency=centre, name=SEED_NAME, source=document.label
    )
    assert adopted.name == SEED_NAME and adopted.name_source == "Kế hoạch 284/KH-UBND"
    entry = LogEntry.objects.filter(additional_data__action="agency.name_adopt").latest("id")
    assert entry.actor == world.focal
    assert entry.additional_data == {
        "action": "agency.name_adopt",
        "from": TEMPLATE_NAME,
        "to": SEED_NAME,
        "source": "Kế hoạch 284/KH-UBND",
    }
    # The template's wording still resolves, to the same agency.
    assert (
        resolve_agency("Trung tâm Văn hóa - Thông tin và Thể thao huyện", world.son_duong).agency
        == centre
    )
    assert not agency_name_proposals(user=world.focal, document=document) or all(
        p.agency != centre for p in agency_name_proposals(user=world.focal, document=document)
    )
    after = tmp_path / "after.docx"
    call_command(
        "report", "consolidated", "--plan", "284/KH-UBND", "--period", "2024",
        "--out", str(after), stdout=StringIO(),
    )  # fmt: skip
    assert SEED_NAME in word_text(after) and TEMPLATE_NAME not in word_text(after)


def test_a_confirmed_approximate_match_becomes_an_alias(world) -> None:
    call_command("plan", "import", str(seed_path("000")), stdout=StringIO())
    procuracy = Agency.objects.get(unit=world.son_duong, template_key="procuracy")
    # The seed's typo matched approximately; once the plan is in, it is an alias.
    assert "Viện kiểm sát nhân huyện" in set(procuracy.aliases.values_list("name", flat=True))
    match = resolve_agency("Viện kiểm sát nhân huyện", world.son_duong)
    assert match.agency == procuracy and match.confidence == 1.0
    assert LogEntry.objects.filter(additional_data__action="agency.alias_learn").exists()


def test_adoption_is_refused_out_of_scope_and_on_a_clash(world) -> None:
    call_command("plan", "import", str(seed_path("000")), stdout=StringIO())
    document = Document.objects.get(number="284/KH-UBND")
    centre = Agency.objects.get(unit=world.son_duong, template_key="culture_centre")
    with pytest.raises(NotAllowed):
        agency_name_adopt(actor=world.outsider, agency=centre, name=SEED_NAME, source="x")
    with pytest.raises(NotAllowed):
        agency_name_adopt(actor=world.officer, agency=centre, name=SEED_NAME, source="x")
    with pytest.raises(NotFound):
        agency_name_proposals(user=world.outsider, document=document)
    with pytest.raises(InvalidInput):
        agency_name_adopt(
            actor=world.focal, agency=centre, name="Phòng Tư pháp huyện Sơn Dương", source="x"
        )
    with pytest.raises(InvalidInput):
        agency_name_adopt(actor=world.focal, agency=centre, name=SEED_NAME, source=" ")
    centre.refresh_from_db()
    assert centre.name == TEMPLATE_NAME


def test_names_from_mentions() -> None:
    province = make_unit("pre2025", "province", "08", "Tỉnh Tuyên Quang")
    district = make_unit("pre2025", "district", "076", "Huyện Sơn Dương", province)
    assert full_name_from_mention("Phòng Tư pháp", district) == "Phòng Tư pháp huyện Sơn Dương"
    assert (
        full_name_from_mention("Trung tâm Văn hóa - Truyền thông và Thể thao huyện", district)
        == SEED_NAME
    )
    agency = Agency(name=TEMPLATE_NAME, unit=district)
    assert name_proposal(agency, ["Trung tâm VH-TT&TT huyện"]) is None
    assert name_proposal(agency, []) is None


def test_the_command_lists_and_adopts_the_proposed_names(world) -> None:
    call_command("plan", "import", str(seed_path("000")), stdout=StringIO())
    out = StringIO()
    call_command("agency_names", "--plan", "284/KH-UBND", stdout=out)
    assert f"{TEMPLATE_NAME} → {SEED_NAME} (1 lần)" in out.getvalue()
    out = StringIO()
    call_command(
        "agency_names", "--plan", "284/KH-UBND", "--adopt", "all", "--user", "daumoi", stdout=out
    )
    assert "đã chấp nhận" in out.getvalue()
    centre = Agency.objects.get(unit=world.son_duong, template_key="culture_centre")
    assert centre.name == SEED_NAME
    entry = LogEntry.objects.filter(additional_data__action="agency.name_adopt").latest("id")
    assert entry.actor == world.focal
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("agency_names", "--plan", "284/KH-UBND", "--user", world.outsider.username)
