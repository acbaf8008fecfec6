"""The documents of the privacy app, as Decree 30/2020/NĐ-CP lays them out (core.renderers.docx):
the breach notification to the competent body (a công văn) and the impact-assessment dossier
written from the system's own data inventory (the record of processing and the models' personal
fields: what is held, why, who reads it, how long it is kept)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dondoc.core.dates import vn_date
from dondoc.core.renderers.docx import AdministrativeDocument, Block, render_docx
from dondoc.org.letterhead import letterhead
from dondoc.org.models import Agency

from .inventory import held_fields, rules
from .models import Breach


def _when(moment: datetime.datetime | None) -> str:
    if moment is None:
        return "chưa xác định"
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} ngày {vn_date(local.date())}"


def breach_notification(breach: Breach, *, on: datetime.date) -> AdministrativeDocument:
    """The công văn notifying the breach to the body the rules name (Cục A05, Bộ Công an)."""
    config = rules()
    head = letterhead(breach.agency, on)
    late = timezone.now() > breach.notify_due
    blocks = [
        Block(
            kind="paragraph",
            text="Thực hiện Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số "
            "356/2025/NĐ-CP ngày 31/12/2025 của Chính phủ quy định chi tiết một số điều và biện "
            f"pháp thi hành Luật Bảo vệ dữ liệu cá nhân, {head.issuer} thông báo vi phạm quy "
            "định về bảo vệ dữ liệu cá nhân như sau:",
        ),
        Block(kind="heading3", text="1. Thông tin về cơ quan thông báo"),
        Block(kind="bullet", text=f"- Tên cơ quan: {head.issuer}."),
        Block(kind="bullet", text=f"- Địa bàn: {breach.unit.full_name}."),
        Block(kind="heading3", text="2. Thời điểm xảy ra và phát hiện vi phạm"),
        Block(kind="bullet", text=f"- Thời điểm xảy ra: {_when(breach.occurred_at)}."),
        Block(kind="bullet", text=f"- Thời điểm phát hiện: {_when(breach.discovered_at)}."),
        Block(
            kind="bullet",
            text=f"- Hạn thông báo ({config.breach_hours} giờ kể từ khi phát hiện): "
            f"{_when(breach.notify_due)}"
            + ("; thông báo chậm, lý do nêu tại mục 5." if late else "."),
        ),
        Block(kind="heading3", text="3. Mô tả vi phạm"),
        Block(kind="paragraph", text=breach.description),
        Block(kind="heading3", text="4. Loại và số lượng dữ liệu cá nhân bị ảnh hưởng"),
        Block(kind="bullet", text=f"- Loại dữ liệu: {breach.categories or 'đang xác định'}."),
        Block(
            kind="bullet", text=f"- Số chủ thể dữ liệu bị ảnh hưởng: {breach.subjects_affected}."
        ),
        Block(kind="bullet", text=f"- Số bản ghi bị ảnh hưởng: {breach.records_affected}."),
        Block(kind="heading3", text="5. Biện pháp đã và sẽ thực hiện để giảm thiểu tác hại"),
        Block(kind="paragraph", text=breach.measures or "Đang triển khai; sẽ báo cáo bổ sung."),
        Block(
            kind="paragraph",
            text=f"{head.issuer} sẽ tiếp tục báo cáo bổ sung khi có thông tin mới./.",
        ),
    ]
    return AdministrativeDocument(
        superior=head.superior.upper(),
        issuer=head.issuer.upper(),
        symbol="CV",
        place=head.place,
        date=None,
        year=on.year,
        type_name="",
        summary="V/v thông báo vi phạm quy định\nvề bảo vệ dữ liệu cá nhân",
        addressees=[config.breach_authority],
        blocks=blocks,
        recipients=["Như trên;", "Lưu: VT."],
        signer_authority="",
        signer_title="THỦ TRƯỞNG CƠ QUAN",
    )


def breach_notification_docx(breach: Breach, *, on: datetime.date) -> bytes:
    return render_docx(breach_notification(breach, on=on))


def impact_assessment(agency: Agency, *, on: datetime.date) -> AdministrativeDocument:
    """The impact-assessment dossier of the processing done in dondoc, for `agency`."""
    config = rules()
    head = letterhead(agency, on)
    blocks: list[Block] = [
        Block(
            kind="paragraph",
            text=f"Căn cứ {config.source}, {head.issuer} lập hồ sơ đánh giá tác động xử lý dữ "
            "liệu cá nhân đối với các hoạt động xử lý trên hệ thống dondoc như sau:",
        ),
        Block(kind="heading1", text="I. CÁC HOẠT ĐỘNG XỬ LÝ DỮ LIỆU CÁ NHÂN"),
    ]
    for number, kind in enumerate(config.kinds, start=1):
        blocks += [
            Block(kind="heading3", text=f"{number}. {kind.title}"),
            Block(kind="bullet", text=f"- Cơ sở pháp lý: {kind.basis}."),
            Block(kind="bullet", text=f"- Mục đích xử lý: {kind.purpose}."),
            Block(kind="bullet", text=f"- Chủ thể dữ liệu: {kind.subjects}."),
            Block(kind="bullet", text="- Loại dữ liệu: " + "; ".join(kind.categories) + "."),
            Block(kind="bullet", text=f"- Người được xem: {kind.readers}."),
            Block(kind="bullet", text=f"- Thời hạn lưu trữ: {kind.retention_label}."),
        ]
    blocks.append(Block(kind="heading1", text="II. DỮ LIỆU ĐƯỢC LƯU TRỮ TRÊN HỆ THỐNG"))
    by_model: dict[str, list[str]] = {}
    for held in held_fields():
        protection = "mã hóa" if held.encrypted else "không mã hóa, dùng cho thống kê"
        by_model.setdefault(held.model_label, []).append(
            f"{held.label} ({held.category}; {protection})"
        )
    for label, fields in by_model.items():
        blocks.append(
            Block(kind="bullet", text=f"- {label.capitalize()}: " + "; ".join(fields) + ".")
        )
    blocks += [
        Block(kind="heading1", text="III. BIỆN PHÁP BẢO VỆ"),
        Block(
            kind="bullet",
            text="- Họ tên, số định danh, địa chỉ, số điện thoại, ngày sinh và nội dung vụ việc "
            "được mã hóa từng trường; khóa mã hóa lưu ngoài cơ sở dữ liệu; tìm theo số định "
            "danh qua mã băm có khóa.",
        ),
        Block(
            kind="bullet",
            text="- Dân tộc, tôn giáo lưu dưới dạng mã danh mục vì số liệu thống kê theo yêu cầu "
            "của các kế hoạch phải phân tổ theo dân tộc, tôn giáo; chỉ cán bộ có vai trò cần "
            "thiết mới xem được trên từng hồ sơ.",
        ),
        Block(
            kind="bullet",
            text="- Danh sách và trang hồ sơ che họ tên, số định danh, địa chỉ theo vai trò; "
            "lãnh đạo chỉ xem số liệu, tuổi, giới tính; mỗi lần xem hoặc hiện dữ liệu được ghi "
            "nhật ký.",
        ),
        Block(
            kind="bullet",
            text="- Tệp xuất có dữ liệu cá nhân cần quyền do quản trị hệ thống cấp và có thể đặt "
            "mật khẩu; hồ sơ quá thời hạn lưu trữ được ẩn danh tự động, số liệu thống kê giữ "
            "nguyên.",
        ),
        Block(
            kind="bullet",
            text=f"- Yêu cầu của chủ thể dữ liệu được phản hồi trong "
            f"{config.acknowledge_working_days} ngày làm việc và theo dõi đến khi giải quyết "
            f"xong; vi phạm được thông báo cho {config.breach_authority} trong "
            f"{config.breach_hours} giờ.",
        ),
        Block(kind="paragraph", text=f"Hồ sơ lập ngày {vn_date(on)} từ dữ liệu của hệ thống./."),
    ]
    return AdministrativeDocument(
        superior=head.superior.upper(),
        issuer=head.issuer.upper(),
        symbol="HS",
        place=head.place,
        date=on,
        type_name="HỒ SƠ",
        summary="Đánh giá tác động xử lý dữ liệu cá nhân",
        blocks=blocks,
        recipients=[f"{config.breach_authority} (để biết);", "Lưu: VT."],
        signer_title="THỦ TRƯỞNG CƠ QUAN",
    )


def impact_assessment_docx(agency: Agency, *, on: datetime.date) -> bytes:
    return render_docx(impact_assessment(agency, on=on))
