"""The column layouts of the registry's import templates and exports, one per record kind."""

from __future__ import annotations

from .models import CrimeReport, Sex
from .tabular import Column, Layout, choice, parse_bool, parse_date, parse_int, text

SEX = choice(dict(Sex.choices))

PERSONS = Layout(
    "persons",
    "Cá nhân",
    (
        Column("full_name", "Họ và tên", text, required=True, example="Nguyễn Văn An"),
        Column("identity_number", "Số định danh", text, example="008090001234"),
        Column("birth_date", "Ngày sinh", parse_date, example="20/05/2010"),
        Column("birth_year", "Năm sinh", parse_int, example="2010"),
        Column("sex", "Giới tính", SEX, example="Nam"),
        Column("ethnicity", "Dân tộc", text, example="Tày"),
        Column("religion", "Tôn giáo", text, example="Không theo tôn giáo"),
        Column("nationality", "Quốc tịch", text, example="Việt Nam"),
        Column("address", "Địa chỉ", text, example="Tổ 7, thị trấn Sơn Dương"),
        Column("phone", "Số điện thoại", text, example="0912345678"),
    ),
)

CRIME_REPORTS = Layout(
    "crime_reports",
    "Tố giác, tin báo về tội phạm, kiến nghị khởi tố",
    (
        Column("number", "Số thụ lý", text, example="15/TB"),
        Column("received_on", "Ngày tiếp nhận", parse_date, required=True, example="01/03/2024"),
        Column(
            "source",
            "Nguồn tin",
            choice(dict(CrimeReport.Source.choices)),
            required=True,
            example="Tố giác về tội phạm",
        ),
        Column("summary", "Tóm tắt nội dung", text, example="Nghi dâm ô đối với trẻ em"),
        Column("offence", "Điều luật (BLHS)", parse_int, example="146"),
        Column("complex", "Phức tạp", parse_bool, example="không"),
        Column(
            "decision",
            "Kết quả giải quyết",
            choice(dict(CrimeReport.Decision.choices)),
            example="Đang giải quyết",
        ),
        Column("decided_on", "Ngày quyết định", parse_date),
        Column("victim_name", "Họ tên bị hại", text, example="Nguyễn Thị Bình"),
        Column("victim_identity", "Số định danh bị hại", text),
        Column("victim_sex", "Giới tính bị hại", SEX, example="Nữ"),
        Column("victim_birth_date", "Ngày sinh bị hại", parse_date),
        Column("victim_birth_year", "Năm sinh bị hại", parse_int, example="2012"),
        Column("victim_ethnicity", "Dân tộc bị hại", text, example="Kinh"),
        Column("victim_religion", "Tôn giáo bị hại", text),
    ),
)

LAYOUTS = {layout.kind: layout for layout in (PERSONS, CRIME_REPORTS)}
