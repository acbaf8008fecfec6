"""The column layouts of the registry's import templates and exports, one per record kind."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from .models import (
    Activity,
    CompensationClaim,
    Complaint,
    CrimeReport,
    CriminalCase,
    Person,
    Sex,
)
from .tabular import Column, Layout, choice, parse_bool, parse_date, parse_int, text

SEX = choice(dict(Sex.choices))
AMOUNT_DIGITS = 16  # CompensationClaim amounts: DecimalField(max_digits=16, decimal_places=0)


def _today() -> datetime.date:
    """`timezone.localdate()` in the project's time zone (Vietnam's, settings.TIME_ZONE; none
    other is ever activated), without looking up the active one: called for every cell of
    a million-row import."""
    return datetime.datetime.now(timezone.get_default_timezone()).date()


def past_date(value: str) -> datetime.date | None:
    """A date of something that has happened: not after today (the clock's)."""
    day = parse_date(value)
    if day is None:
        return None
    today = _today()
    if day is not None and day > today:
        raise ValueError(f"ở tương lai (hôm nay là {today:%d/%m/%Y})")
    return day


def birth_year(value: str) -> int | None:
    year = parse_int(value)
    if year is None:
        return None
    this_year = _today().year
    if not 1900 <= year <= this_year:
        raise ValueError(f"cần một năm sinh từ 1900 đến {this_year}")
    return year


def amount(value: str) -> int | None:
    """Money in đồng, written the Vietnamese way ("1.500.000.000"): whole, not negative."""
    number = parse_int(value)
    if number is not None and number >= 10**AMOUNT_DIGITS:
        raise ValueError(f"quá lớn (tối đa {AMOUNT_DIGITS} chữ số)")
    return number


def bounded(model: Any, name: str) -> Callable[[str], str]:
    """Text no longer than the model's column holds (PostgreSQL refuses a longer one)."""
    length = model._meta.get_field(name).max_length

    def parse(value: str) -> str:
        cleaned = text(value)
        if length is not None and len(cleaned) > length:
            raise ValueError(f"tối đa {length} ký tự (đang có {len(cleaned)})")
        return cleaned

    return parse


PERSONS = Layout(
    "persons",
    "Cá nhân",
    (
        Column("full_name", "Họ và tên", text, required=True, example="Nguyễn Văn An"),
        Column("identity_number", "Số định danh", text, example="008090001234"),
        Column("birth_date", "Ngày sinh", past_date, example="20/05/2010"),
        Column("birth_year", "Năm sinh", birth_year, example="2010"),
        Column("sex", "Giới tính", SEX, example="Nam"),
        Column("ethnicity", "Dân tộc", text, example="Tày"),
        Column("religion", "Tôn giáo", text, example="Không theo tôn giáo"),
        Column("nationality", "Quốc tịch", bounded(Person, "nationality"), example="Việt Nam"),
        Column("address", "Địa chỉ", text, example="Tổ 7, thị trấn Sơn Dương"),
        Column("phone", "Số điện thoại", text, example="0912345678"),
    ),
)

CRIME_REPORTS = Layout(
    "crime_reports",
    "Tố giác, tin báo về tội phạm, kiến nghị khởi tố",
    (
        Column("number", "Số thụ lý", bounded(CrimeReport, "number"), example="15/TB"),
        Column("received_on", "Ngày tiếp nhận", past_date, required=True, example="01/03/2024"),
        Column(
            "source",
            "Nguồn tin",
            choice(dict(CrimeReport.Source.choices)),
            required=True,
            example="Tố giác về tội phạm",
        ),
        Column("summary", "Tóm tắt nội dung", text, example="Nghi dâm ô đối với trẻ em"),
        Column("offence", "Điều luật (BLHS)", text, example="Điều 134"),
        Column("offence_on", "Ngày xảy ra", past_date, example="28/02/2024"),
        Column("offence_address", "Nơi xảy ra", text, example="Thôn Đồng Tâm, xã Sơn Dương"),
        Column("complex", "Phức tạp", parse_bool, example="không"),
        Column(
            "decision",
            "Kết quả giải quyết",
            choice(dict(CrimeReport.Decision.choices)),
            example="Đang giải quyết",
        ),
        Column("decided_on", "Ngày quyết định", past_date),
        Column("transferred_to", "Cơ quan được chuyển", bounded(CrimeReport, "transferred_to")),
        Column("victim_name", "Họ tên bị hại", text, example="Nguyễn Thị Bình"),
        Column("victim_identity", "Số định danh bị hại", text),
        Column("victim_sex", "Giới tính bị hại", SEX, example="Nữ"),
        Column("victim_birth_date", "Ngày sinh bị hại", past_date),
        Column("victim_birth_year", "Năm sinh bị hại", birth_year, example="2012"),
        Column("victim_ethnicity", "Dân tộc bị hại", text, example="Kinh"),
        Column("victim_religion", "Tôn giáo bị hại", text),
        Column("suspect_name", "Họ tên người bị tố giác", text, example="Trần Văn Một"),
        Column("suspect_identity", "Số định danh người bị tố giác", text),
        Column("suspect_birth_year", "Năm sinh người bị tố giác", birth_year, example="1990"),
        Column("reporter_name", "Họ tên người tố giác, báo tin", text, example="Lê Văn Báo"),
        Column("reporter_identity", "Số định danh người tố giác, báo tin", text),
    ),
)

COMPLAINTS = Layout(
    "complaints",
    "Khiếu nại, tố cáo",
    (
        Column("kind", "Loại đơn", choice(dict(Complaint.Kind.choices)), required=True,
               example="Tố cáo"),
        Column("received_on", "Ngày nhận đơn", past_date, required=True, example="02/01/2024"),
        Column("accepted_on", "Ngày thụ lý", past_date, example="05/01/2024"),
        Column("complainant_name", "Họ tên người khiếu nại, tố cáo", text, required=True,
               example="Trần Văn Bình"),
        Column("complainant_sex", "Giới tính", SEX, example="Nam"),
        Column("complainant_birth_year", "Năm sinh", birth_year, example="1975"),
        Column("respondent", "Người, cơ quan bị khiếu nại, tố cáo", text),
        Column("content", "Nội dung", text, required=True, example="Tố cáo hành vi bức cung"),
        Column("torture_act", "Hành vi liên quan đến tra tấn", text, example="Bức cung"),
        Column("complex", "Phức tạp", parse_bool, example="không"),
        Column("remote", "Vùng sâu, vùng xa", parse_bool, example="không"),
    ),
)  # fmt: skip


def _audiences(value: str) -> list[str]:
    """ "Cán bộ, công chức; Phụ nữ" → ["officials", "women"] (labels or keys, ";" between)."""
    parse = choice(Activity.AUDIENCES)
    found = [parse(part) for part in value.split(";") if part.strip()]
    return [key for key in found if key]


ACTIVITIES = Layout(
    "activities",
    "Hoạt động tuyên truyền, tập huấn",
    (
        Column("kind", "Hình thức", choice(dict(Activity.Kind.choices)), required=True,
               example="Hội nghị"),
        Column("subject", "Chủ đề", choice(dict(Activity.Subject.choices)), required=True,
               example="Công ước chống tra tấn"),
        Column("title", "Tên hoạt động", bounded(Activity, "title"), required=True,
               example="Hội nghị phổ biến CAT"),
        Column("held_on", "Ngày tổ chức", parse_date, required=True, example="26/06/2024"),
        Column("audiences", "Đối tượng (cách nhau dấu ;)", _audiences,
               example="Cán bộ, công chức; Phụ nữ"),
        Column("participants_male", "Người tham dự: nam", parse_int, example="40"),
        Column("participants_female", "Người tham dự: nữ", parse_int, example="35"),
        Column("languages", "Ngôn ngữ sử dụng", bounded(Activity, "languages"),
               example="Tiếng Việt"),
        Column("materials", "Tài liệu phát hành", parse_int, example="200"),
    ),
)  # fmt: skip

CASES = Layout(
    "cases",
    "Vụ án hình sự",
    (
        Column("number", "Số vụ án", bounded(CriminalCase, "number"), required=True,
               example="12/2024/HS"),
        Column("opened_on", "Ngày khởi tố", past_date, required=True, example="01/04/2024"),
        Column("offences", "Điều luật (BLHS, cách nhau dấu ;)", text, required=True,
               example="373; 374"),
        Column("stage", "Giai đoạn", choice(dict(CriminalCase.Stage.choices)), example="Điều tra"),
        Column("outcome", "Kết quả", choice(dict(CriminalCase.Outcome.choices)),
               example="Chưa có kết quả"),
        Column("sentence", "Hình phạt", bounded(CriminalCase, "sentence")),
        Column("appealed", "Có kháng cáo", parse_bool, example="không"),
        Column("protested", "Có kháng nghị", parse_bool, example="không"),
        Column("judgment_changed", "Bản án bị sửa", parse_bool, example="không"),
        Column("judgment_annulled", "Bản án bị hủy", parse_bool, example="không"),
        Column("evidence_excluded", "Chứng cứ bị loại do tra tấn", parse_bool, example="không"),
        Column("wrongful_conviction", "Oan, sai", parse_bool, example="không"),
    ),
)  # fmt: skip

COMPENSATION_CLAIMS = Layout(
    "compensation_claims",
    "Yêu cầu bồi thường nhà nước",
    (
        Column("claimant_name", "Người yêu cầu bồi thường", text, required=True),
        Column("damaging_act", "Hành vi gây thiệt hại", text, required=True),
        Column("torture_act", "Hành vi liên quan đến tra tấn", text, example="Bức cung"),
        Column("amount_claimed", "Số tiền yêu cầu (đồng)", amount, required=True,
               example="150000000"),
        Column("amount_advanced", "Số tiền tạm ứng (đồng)", amount),
        Column("amount_paid", "Số tiền đã chi trả (đồng)", amount),
        Column("accepted_on", "Ngày thụ lý", past_date, required=True, example="02/05/2024"),
        Column("complex", "Phức tạp", parse_bool, example="không"),
        Column("outcome", "Kết quả", choice(dict(CompensationClaim.Outcome.choices)),
               example="Đang giải quyết"),
    ),
)  # fmt: skip

LAYOUTS = {
    layout.kind: layout
    for layout in (PERSONS, CRIME_REPORTS, COMPLAINTS, CASES, COMPENSATION_CLAIMS, ACTIVITIES)
}
