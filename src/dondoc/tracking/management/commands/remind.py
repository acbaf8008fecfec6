"""`dondoc remind`: remind agencies of reports due soon or overdue (safe to run daily)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.core.actors import SYSTEM
from dondoc.tracking.reminders import emails_send_pending, other_reminders_send, reminders_send
from dondoc.tracking.selectors import today
from dondoc.tracking.services import periods_extend
from dondoc.tracking.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Nhắc các cơ quan có báo cáo sắp đến hạn hoặc quá hạn (thông báo trong dondoc và "
        "thư điện tử). Chạy hằng ngày bằng cron: mỗi lời nhắc chỉ gửi một lần.\n"
        "Ví dụ: dondoc remind --dry-run --days 10"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ in ai sẽ được nhắc việc gì, không gửi"
        )
        parser.add_argument(
            "--days", type=int, default=7, help="nhắc trước hạn bao nhiêu ngày (mặc định 7)"
        )
        parser.add_argument("--date", help="coi hôm nay là ngày này (YYYY-MM-DD), để thử")
        parser.add_argument(
            "--background",
            action="store_true",
            help="đưa việc gửi vào hàng đợi (django-tasks), do `dondoc db_worker` thực hiện",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0 or options["days"] > 90:
            raise CommandError("--days: từ 0 đến 90 ngày.")
        on = None
        if options["date"]:
            try:
                on = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date “{options['date']}”: cần dạng 2024-11-25.") from error
        if options["background"]:
            result = send_reminders.enqueue(within_days=options["days"])
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        if not options["dry_run"]:
            periods_extend(actor=SYSTEM, on=on)
        on = on or today()
        run = reminders_send(on=on, within_days=options["days"], dry_run=options["dry_run"])
        verb = "Sẽ nhắc" if options["dry_run"] else "Đã nhắc"
        for reminder, user in run.sent:
            contact = user.email or "không có thư điện tử: chỉ thông báo trong dondoc"
            self.stdout.write(
                f"{verb} {user.get_full_name() or user.username} ({contact}) — "
                f"{reminder.agency.name}: {reminder.subject(on)}; "
                f"{len(reminder.tasks)} nhiệm vụ chưa gửi báo cáo"
            )
        for reminder in run.unreachable:
            self.stdout.write(
                f"Không nhắc được {reminder.agency.name} ({reminder.subject(on)}): cơ quan chưa "
                "có cán bộ nào trong dondoc — cơ quan đầu mối cần liên hệ trực tiếp."
            )
        self.stdout.write(f"{verb} {len(run.sent)} lượt." if run.sent else "Không có gì cần nhắc.")
        for line in other_reminders_send(on=on, dry_run=options["dry_run"]):
            self.stdout.write(line)
        if options["dry_run"]:
            return
        failed = emails_send_pending().failed  # every app's reminders, and earlier refusals
        for failure in failed:
            notification = failure.notification
            self.stderr.write(
                f"Chưa gửi được thư tới {notification.user.username} «{notification.subject}»: "
                f"{failure.error}. Thông báo trong dondoc đã có; thư sẽ được gửi lại ở lần "
                "chạy sau."
            )
        if failed:
            raise CommandError(
                f"{len(failed)} thư điện tử chưa gửi được (máy chủ thư không nhận); các lời nhắc "
                "khác đã gửi. Kiểm tra DONDOC_EMAIL_URL và máy chủ thư; lần chạy sau sẽ gửi lại."
            )
