"""What a plan error tells the user to do, worded for where it is read: one message source,
two presentations. The web says which box to fill or tick; the command line names its flag.
A DomainError's `message` is what pages and the API show, so it holds the web wording;
commands print `for_cli(error)`."""

from __future__ import annotations

from dataclasses import dataclass

from dondoc.core.exceptions import DomainError, InvalidInput


@dataclass(frozen=True)
class Remedy:
    web: str
    cli: str


CHOOSE_UNIT = Remedy(
    web="Hãy chọn địa bàn ban hành trong danh sách “Địa bàn ban hành” rồi bấm “Đọc tệp”.",
    cli="Hãy chỉ rõ địa bàn (--unit MÃ).",
)
LOAD_UNITS = Remedy(
    web="Hãy chọn địa bàn ban hành trong danh sách “Địa bàn ban hành”, hoặc báo quản trị hệ "
    "thống nạp danh mục đơn vị hành chính.",
    cli="Hãy nạp danh mục đơn vị (dondoc load_units) hoặc chỉ rõ địa bàn (--unit MÃ).",
)
REPLACE = Remedy(
    web="Muốn thay thế bằng bản mới thì đánh dấu ô “Thay thế văn bản cùng số đã nhập trước đó” rồi "
    "bấm “Lưu kế hoạch”.",
    cli="Muốn thay thế bằng bản mới thì chạy lại lệnh với --replace.",
)


class RemedyError(InvalidInput):
    """An error whose reason is the same everywhere and whose remedy depends on the reader."""

    def __init__(self, reason: str, remedy: Remedy) -> None:
        self.reason = reason
        self.remedy = remedy
        super().__init__(f"{reason} {remedy.web}")

    @property
    def cli_message(self) -> str:
        return f"{self.reason} {self.remedy.cli}"


def for_cli(error: DomainError) -> str:
    """The message a command prints for `error`."""
    return error.cli_message if isinstance(error, RemedyError) else error.message
