"""A request of a data subject and a breach of the Sơn Dương police, for the pages' tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from dondoc.privacy.models import Breach, SubjectRequest
from dondoc.privacy.services import breach_register, subject_request_register

SUBJECT = "Nguyễn Thị Yêu Cầu"


def world_subject_request(world: Any) -> SubjectRequest:
    existing = SubjectRequest.objects.first()
    if existing is not None:
        return existing
    return subject_request_register(
        actor=world.focal, agency=world.police_sd, kind="access", subject_name=SUBJECT,
        received_on=datetime.date(2026, 11, 2),
    )  # fmt: skip


def world_breach(world: Any) -> Breach:
    existing = Breach.objects.first()
    if existing is not None:
        return existing
    return breach_register(
        actor=world.focal, agency=world.police_sd,
        discovered_at=timezone.now() - datetime.timedelta(hours=5),
        description="Tệp xuất bị gửi nhầm địa chỉ thư",
    )  # fmt: skip
