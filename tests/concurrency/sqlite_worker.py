"""One dondoc process on a SQLite file, for tests/concurrency/test_sqlite.py: each mode is a
separate process with its own connection and the real settings (WAL, IMMEDIATE, busy timeout).

    python -m tests.concurrency.sqlite_worker setup|hold SECONDS|upload ROWS|login
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
os.environ.setdefault("DONDOC_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

PASSWORD = "matkhau@dondoc2026"


def say(text: str) -> None:
    print(text, flush=True)


def setup() -> None:
    from tests.world import build_world

    world = build_world()
    world.focal.set_password(PASSWORD)
    world.focal.save()
    say("ready")


def hold(seconds: float) -> None:
    """A long import's transaction: it writes, then keeps the write lock for `seconds`."""
    from dondoc.org.models import User

    with transaction.atomic():
        User.objects.filter(username="daumoi").update(first_name="Đang nhập")
        say("locked")
        time.sleep(seconds)
    say("released")


def upload(rows: int) -> None:
    """An officer uploads a long plan: parsed and resolved (seconds), then kept for review."""
    from dondoc.org.models import User
    from dondoc.plans.services import plan_upload_create
    from tests.plans.factories import SMALL_PLAN

    lines = [SMALL_PLAN.replace("15/KH", "99/KH")]
    for number in range(3, rows + 3):
        lines.append(
            f"{number}\tNhiệm vụ tuyên truyền thứ {number} về phòng, chống tra tấn\t"
            "Phòng Tư pháp\tCông an huyện, Phòng Văn hoá và Thông tin\tBáo cáo\tHàng năm\n"
        )
    data = "".join(lines).encode()
    focal = User.objects.get(username="daumoi")
    say("parsing")
    plan_upload_create(actor=focal, data=data, source_name="ke-hoach-dai.txt")
    say("parsed")


def login() -> None:
    """The first login of the day (it writes: the session, the last login), then timed."""
    started = time.monotonic()
    client = Client()
    response = client.post("/dang-nhap/", {"username": "daumoi", "password": PASSWORD})
    say(f"login {response.status_code} {time.monotonic() - started:.2f}")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "setup":
        setup()
    elif mode == "hold":
        hold(float(sys.argv[2]))
    elif mode == "upload":
        upload(int(sys.argv[2]))
    else:
        login()
