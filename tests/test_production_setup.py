"""The documented production setup, started for real on the loopback: gunicorn with
deploy/gunicorn.conf.py, `dondoc db_worker`, PostgreSQL, production settings (README,
"Triển khai"). A few pages and one background import go through it, so that the setup the
README documents cannot rot. Runs once in `make test`, on the PostgreSQL pass (under a minute).
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from dondoc.registry.models import CrimeReport
from tests.core.factories import ensure_catalogues

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "Mật-khẩu-thử-sản-xuất-2026"

CSV = (
    "Ngày tiếp nhận,Nguồn tin,Điều luật (BLHS),Họ tên bị hại,Năm sinh bị hại\n"
    "01/03/2024,Tố giác về tội phạm,146,Lê Thị Hoa,2012\n"
    "02/03/2024,Tố giác về tội phạm,146,Trần Văn Nam,2011\n"
)

pytestmark = [
    pytest.mark.production,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the production setup is PostgreSQL's (gunicorn and the worker are separate "
        "processes; SQLite's test database lives in this one)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Browser:
    """An officer's browser behind nginx: every request says it came over https (the
    X-Forwarded-Proto nginx sets), cookies kept by hand (they are Secure)."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, SimpleCookie()

    def request(
        self, method: str, path: str, body: bytes = b"", content_type: str = ""
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Real-IP": "192.0.2.10",
            "Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items()),
        }
        if method == "POST":
            headers |= {"Origin": f"https://127.0.0.1:{self.port}", "Content-Type": content_type}
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path)

    def post_form(
        self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None
    ):
        token = self.cookies["csrftoken"].value
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {"csrfmiddlewaretoken": token, **fields}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, data) in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def production(world, tmp_path) -> Iterator[tuple[int, dict[str, str]]]:
    """gunicorn and the worker, in production mode, on the test database (committed data)."""
    ensure_catalogues()
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    # The servers' hasher (the test settings use a fast one the production settings lack).
    world.focal.password = PBKDF2PasswordHasher().encode(PASSWORD, secrets.token_hex(8))
    world.focal.save(update_fields=["password"])
    p = connection.settings_dict
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "DJANGO_"))}
    env |= {
        "DONDOC_MODE": "production",
        "DONDOC_SECRET_KEY": secrets.token_urlsafe(64),
        "DONDOC_ENCRYPTION_KEY": f"{Fernet.generate_key().decode()}",
        "DATABASE_URL": f"postgres://{p['USER']}:{p['PASSWORD']}@{p['HOST']}:{p['PORT']}/{p['NAME']}",
        "DONDOC_ALLOWED_HOSTS": "127.0.0.1",
        "DONDOC_SITE_URL": f"https://127.0.0.1:{port}",
        "DONDOC_STATIC_ROOT": str(tmp_path / "static"),
        "DONDOC_MEDIA_ROOT": str(tmp_path / "media"),
        "DONDOC_TRUSTED_PROXY_HEADER": "X-Real-IP",
        "DONDOC_BIND": f"127.0.0.1:{port}",
        "DONDOC_WEB_WORKERS": "2",
        "DONDOC_WORKER_HEARTBEAT_SECONDS": "1",
        "DONDOC_BACKGROUND_ROWS": "1",  # the two-row file below goes to the worker
    }
    check = subprocess.run(  # noqa: S603 - our own console script
        [str(BIN / "dondoc"), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    static = subprocess.run(  # noqa: S603 - our own console script
        [str(BIN / "dondoc"), "collectstatic", "--noinput"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert static.returncode == 0, static.stderr
    logs = {name: open(tmp_path / f"{name}.log", "w") for name in ("web", "worker")}  # noqa: SIM115
    web = subprocess.Popen(  # noqa: S603 - the documented command line
        [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
        cwd=tmp_path, env=env, stdout=logs["web"], stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(  # noqa: S603 - the documented command line
        [str(BIN / "dondoc"), "db_worker", "--queue-name", "*", "--no-reload",
         "--interval", "0.2"],
        cwd=tmp_path, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield port, env
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs.values():
            log.close()
        connection.close()  # the servers' connections are gone; the flush may proceed


def _wait_healthy(browser: Browser, seconds: float = 40) -> dict[str, str]:
    deadline, last = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            status, _, text = browser.get("/healthz")
            if status == 200:
                return {"status": text}
            last = text
        except OSError as error:  # not listening yet
            last = str(error)
        time.sleep(0.3)
    pytest.fail(f"the production setup did not become healthy: {last}")


def test_the_documented_setup_serves_pages_and_runs_an_import_in_the_worker(
    world, production, tmp_path
) -> None:
    port, _ = production
    browser = Browser(port)
    _wait_healthy(browser)
    status, headers, _ = browser.get("/")
    assert status == 302 and "/dang-nhap/" in headers["location"]
    assert browser.get("/healthz")[2] == '{"status": "ok", "database": "ok", "worker": "ok"}'
    # Plain http, as if nginx were bypassed: sent to https.
    plain = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    plain.request("GET", "/dang-nhap/", headers={"Host": f"127.0.0.1:{port}"})
    assert plain.getresponse().status == 301
    plain.close()

    status, _, page = browser.get("/dang-nhap/")
    assert status == 200 and "strict-transport-security" in browser.request("GET", "/dang-nhap/")[1]
    status, headers, page = browser.post_form(
        "/dang-nhap/", {"username": world.focal.username, "password": PASSWORD}
    )
    assert status == 302, re.findall(r'role="alert"[^<]*<[^<]*', page)
    for path in ("/", "/ke-hoach/", "/du-lieu/", "/thong-ke/", "/co-quan/", "/viec-nen/"):
        status, _, html = browser.get(path)
        assert status == 200, path
        assert "Đăng xuất" in html, path  # signed in, the whole page rendered
    stylesheet = re.search(r'href="(/static/web/dondoc\.[0-9a-f]+\.css)"', html)
    assert stylesheet, "collected, hashed static files"
    assert browser.get(stylesheet.group(1))[0] == 200

    status, headers, _ = browser.post_form(
        "/du-lieu/nhap/crime_reports/",
        {"agency": str(world.police_sd.pk), "sheet": ""},
        {"file": ("tin-bao.csv", CSV.encode())},
    )
    assert status == 302 and "/viec-nen/" in headers["location"], "a background import"
    job_page = headers["location"].replace(f"https://127.0.0.1:{port}", "")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        _, _, html = browser.get(job_page)
        if 'data-status="done"' in html or 'data-status="failed"' in html:
            break
        time.sleep(0.3)
    assert 'data-status="done"' in html, (tmp_path / "worker.log").read_text()[-2000:]
    summary = re.search(r'id="job-summary">([^<]*)<', html)
    assert summary and summary.group(1) == "Đã lưu 2 hồ sơ từ 2 dòng.", html[-3000:]
    assert CrimeReport.objects.filter(agency=world.police_sd).count() == 2
