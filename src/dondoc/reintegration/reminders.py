"""Reminders of the reintegration clocks: once a week, each agency keeping subjects with a
late or nearly due clock gets one digest (in-app and e-mail) listing them by record number
and clock — never a name: a notification or an e-mail is not the place for personal data.
Run by `dondoc remind` (registered in tracking.reminders.OTHER_REMINDERS)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.urls import reverse

from dondoc.core.dates import vn_date
from dondoc.org.models import Agency
from dondoc.tracking.reminders import notify, officers_of

from .clocks import Clock, clocks
from .models import ReintegrationSubject


def clocks_owed(*, on: datetime.date) -> dict[int, list[tuple[int, Clock]]]:
    """Per agency: (subject id, clock) of every clock overdue or due soon on `on`."""
    found: dict[int, list[tuple[int, Clock]]] = defaultdict(list)
    active = ReintegrationSubject.objects.filter(ended_on__isnull=True).order_by("agency", "pk")
    for subject in active.iterator(chunk_size=2000):
        for clock in clocks(subject, today=on):
            if clock.status in ("overdue", "due_soon"):
                found[subject.agency_id].append((subject.pk, clock))
    return found


def send_clock_reminders(*, on: datetime.date, dry_run: bool = False) -> list[str]:
    owed = clocks_owed(on=on)
    officers = officers_of(set(owed))
    year, week, _ = on.isocalendar()
    lines: list[str] = []
    url = reverse("web:reintegration_worklist")
    names = dict(Agency.objects.filter(pk__in=owed).values_list("pk", "name"))
    for agency_id, items in owed.items():
        late = sum(1 for _, clock in items if clock.status == "overdue")
        subject = (
            f"Tái hòa nhập cộng đồng: {late} việc quá hạn, {len(items) - late} việc sắp đến hạn"
        )
        body = "\n".join(
            [
                f"{subject}.",
                *(
                    f"- Hồ sơ #{pk}: {clock.label}, hạn {vn_date(clock.deadline.due)} — "
                    f"{clock.status_label.lower()} ({clock.deadline.source})"
                    for pk, clock in items[:50]
                ),
                *([f"- … và {len(items) - 50} việc khác."] if len(items) > 50 else []),
                "",
                "Đề nghị đăng nhập dondoc, mục «Tái hòa nhập cộng đồng», để cập nhật.",
            ]
        )
        users = officers.get(agency_id, [])
        sent = 0
        for user in users:
            key = f"reintegration:{agency_id}:{year}-W{week:02d}"
            if dry_run or notify(user=user, key=key, subject=subject, body=body, url=url):
                sent += 1
        verb = "Sẽ nhắc" if dry_run else "Đã nhắc"
        lines.append(f"{verb} {sent}/{len(users)} cán bộ của {names[agency_id]} — {subject}")
    return lines
