"""Load benchmark (issue 18): the production setup on the loopback under simulated officers.

Starts what README "Triển khai" documents, on this machine: a throwaway PostgreSQL cluster
(scripts/pg_cluster.sh), the demo data (`dondoc demo --records N`: the seed plans, a user per
role, N synthetic crime reports), a province's plans with T tasks in all, dated 2026 on the
2025 map (the Tỉnh Tuyên Quang that succeeded Tuyên Quang and Hà Giang, and its communes and
wards, Xã Sơn Dương first; every agency they name resolves to one in office), then gunicorn
with deploy/gunicorn.conf.py and `dondoc db_worker` in production mode (the settings'
PostgreSQL pool). U simulated officers of every role, all of the 2025 map (the demo's
accounts of the new province and of Xã Sơn Dương, and four the bench adds: an agency
officer, an inspector, an administrator of the province, a commune police officer; several
sessions per account) each log in, then walk their main
pages for S seconds, each waiting a random think time between two pages (as an officer reads
a page before opening the next): home ("Việc của tôi"), "Báo cáo kỳ này", the largest plan they
may read and its board, statistics, the crime-report list, the reintegration worklist. Every
walk also opens /healthz, the minimal page through the same stack (gunicorn, the middleware,
one query): the machine's ceiling, measured under the same load.

Prints, per page: requests, failures, p50/p95/p99 in ms, and the ratio of its p50 to the
minimal page's; then requests/s and failures over the run. Asserts nothing. With --profile,
the slowest page (by p95) is profiled afterwards with pyinstrument, in-process, as its user.

Run (the issue's sizes are the defaults; smaller for development):
    .venv/bin/python bench/load.py [--tasks 100000] [--records 1000000] [--users 50]
                                   [--seconds 60] [--think 1-3] [--profile]
e.g. .venv/bin/python bench/load.py --tasks 2000 --records 20000 --users 20 --seconds 30
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster import SCRIPT, postgres  # noqa: E402
from bench.plans import PROVINCE_2025_AGENCIES, commune_agencies, plan_text  # noqa: E402

BIN = Path(sys.executable).parent
PER_PLAN = 500  # tasks per generated plan: 100,000 tasks are 200 plans
PROVINCE_2025 = "Tỉnh Tuyên Quang"  # of the 2025 map (demo.TODAY_PROVINCE)
COMMUNE_2025 = "Xã Sơn Dương"  # its commune the demo's commune accounts work in
# The accounts the simulated officers sign in as, every role, all of the 2025 map (the old
# map's accounts of the demo read the old Sơn Dương district alone, not today's plans): the
# demo's (web/management/commands/demo.py) and the bench's (_bench_accounts); several
# officers share an account (each with its own session).
ACCOUNTS = ["daumoi_tinh", "lanhdao_tinh", "daumoi_xa", "canbo_ubnd_xa", "tai_canbo_tinh",
            "tai_thanhtra_tinh", "tai_quantri_tinh", "tai_canbo_xa"]  # fmt: skip
PASSWORD_SUFFIX = "@dondoc2026"  # noqa: S105 - the demo's passwords (demo.DEMO_PASSWORD_SUFFIX)
BENCH_PASSWORD = "Đo-tải-dondoc-2026"  # noqa: S105 - the bench's accounts, a bench database


def _password(username: str) -> str:
    return BENCH_PASSWORD if username.startswith("tai_") else username + PASSWORD_SUFFIX


def _bench_accounts(province: object, commune: object) -> dict[str, tuple[object, str, str, str]]:
    """username → (unit, the agency's template key, role, full name): the bench's officers."""
    return {
        "tai_canbo_tinh": (province, "justice", "agency_officer", "Trần Văn Tư"),
        "tai_thanhtra_tinh": (province, "procuracy", "inspector", "Lê Thị Kiểm"),
        "tai_quantri_tinh": (province, "peoples_committee", "administrator", "Phạm Văn Trị"),
        "tai_canbo_xa": (commune, "police", "agency_officer", "Hà Thị An"),
    }


MINIMAL = "minimal (/healthz)"


# --- The data (a child process with Django set up, development settings) -------------------


def child_data(tasks: int) -> None:
    """Plans of the province and its communes with `tasks` tasks in all, on the 2025 map;
    the bench's accounts; prints, for each account, the pages its officers walk (JSON on the
    last line)."""
    import django

    django.setup()
    from django.db.models import Count

    from dondoc.core.actors import SYSTEM
    from dondoc.core.exceptions import DomainError
    from dondoc.org.models import AdminUnit, Agency, User
    from dondoc.org.services.users import user_create
    from dondoc.org.unit_lookup import unit_find
    from dondoc.plans.importers.text import parse_text
    from dondoc.plans.models import Document
    from dondoc.plans.selectors import documents_visible
    from dondoc.plans.services import plan_import, plan_resolve
    from dondoc.registry.models import CrimeReport
    from dondoc.tracking.selectors import access_board
    from dondoc.tracking.services import schedule_ensure

    # The province that succeeded Tỉnh Tuyên Quang (with Hà Giang) on 1 July 2025, and its
    # communes and wards, the demo's Xã Sơn Dương first: a real province's plans in 2026,
    # every agency they name in office (no district level since 1 July 2025).
    province = unit_find(PROVINCE_2025, map=AdminUnit.Map.V2025)
    if province is None:
        raise SystemExit(f"{PROVINCE_2025} of the 2025 map is not loaded (dondoc demo)")
    communes = sorted(province.children.all(), key=lambda u: (u.name != COMMUNE_2025, u.code))
    started, made = time.perf_counter(), 0
    plans = math.ceil(tasks / PER_PLAN) if tasks else 0
    units = [province, *communes]
    for n in range(plans):
        unit = units[n % len(units)]
        size = min(PER_PLAN, tasks - made)
        if unit.level == AdminUnit.Level.PROVINCE:
            agencies = PROVINCE_2025_AGENCIES
        else:
            agencies = commune_agencies(unit.kind.lower())
        text = plan_text(
            number=f"{9000 + n}/KH-UBND", place=unit.short_name, date="10 tháng 1 năm 2026",
            title="Thực hiện công tác phòng, chống tra tấn (kế hoạch sinh cho đo tải số "
            f"{9000 + n})", agencies=agencies, tasks=size, per_section=50,
        )  # fmt: skip
        draft = parse_text(text)
        plan_resolve(actor=SYSTEM, draft=draft, unit=unit)
        unresolved = sum(
            1 for task in draft.tasks for mention in task.assignments if mention.agency_id is None
        )
        if unresolved:
            raise SystemExit(f"{unit.full_name}: {unresolved} mentions found no agency")
        document = plan_import(actor=SYSTEM, draft=draft, unit=unit)
        schedule_ensure(actor=SYSTEM, document=document)
        made += size
    print(f"{made:,} tasks in {plans} plans: {time.perf_counter() - started:.0f} s", flush=True)
    # The bench's own officers of the 2025 map beside the demo's: the roles the demo has only
    # on the earlier map (an agency officer of the province, an inspector, an administrator,
    # a commune police officer).
    for username, (unit, key, role, name) in _bench_accounts(province, communes[0]).items():
        if not User.objects.filter(username=username).exists():
            user_create(
                actor=SYSTEM, username=username, password=BENCH_PASSWORD, role=role,
                agency=Agency.objects.get(unit=unit, template_key=key), full_name=name,
            )  # fmt: skip
    walks = {}
    for username in ACCOUNTS:
        user = User.objects.get(username=username)
        largest = (
            documents_visible(user=user)
            .annotate(n=Count("tasks"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        pages = {"home": "/", "báo cáo kỳ này": "/bao-cao/"}
        if largest is not None:
            pages["plan"] = f"/ke-hoach/{largest}/"
        # The board is the focal officers', the leaders' and the inspectors': of the largest
        # plan they may follow.
        followed = (
            documents_visible(user=user)
            .annotate(n=Count("tasks"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
        )
        for document_id in followed[:5]:
            try:
                access_board(user=user, document_id=document_id)
            except DomainError:
                continue
            pages["board"] = f"/ke-hoach/{document_id}/theo-doi/"
            break
        pages |= {"statistics": "/thong-ke/", "crime reports": "/du-lieu/tin-bao/",
                  "reintegration worklist": "/du-lieu/tai-hoa-nhap/"}  # fmt: skip
        walks[username] = pages
    sizes = {
        "tasks": Document.objects.aggregate(n=Count("tasks"))["n"],
        "crime_reports": CrimeReport.objects.count(),
    }
    print(json.dumps({"walks": walks, "sizes": sizes}))


# --- The officers' browsers (threads; the servers are other processes) -----------------------


class Officer:
    """One simulated officer: his own session cookies, a new connection per request (gunicorn's
    sync workers close it), headers as nginx would forward them (https, the client address)."""

    def __init__(self, port: int, number: int) -> None:
        self.port, self.cookies = port, SimpleCookie()
        self.address = f"192.0.2.{number % 250 + 1}"  # each officer from his own address

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Real-IP": self.address,
            "Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items()),
        }
        if method == "POST":
            headers |= {
                "Origin": f"https://127.0.0.1:{self.port}",
                "Referer": f"https://127.0.0.1:{self.port}{path}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
        try:
            connection.request(method, path, body=body.encode() or None, headers=headers)
            response = connection.getresponse()
            for value in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(value)
            text = response.read().decode("utf-8", "replace")
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()

    def login(self, username: str) -> bool:
        status, _, page = self.request("GET", "/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            return False
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": _password(username),
            }
        )
        status, location, _ = self.request("POST", "/dang-nhap/", form)
        return status == 302 and "dang-nhap" not in location


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, list[str]] = defaultdict(list)

    def add(self, page: str, seconds: float, problem: str = "") -> None:
        with self.lock:
            self.times[page].append(seconds)
            if problem:
                self.failures[page].append(problem)


def timed(results: Results, officer: Officer, page: str, path: str) -> None:
    started = time.perf_counter()
    try:
        status, location, _ = officer.request("GET", path)
        problem = "" if status == 200 else f"{status} {location}"
    except OSError as error:
        problem = f"{type(error).__name__}: {error}"
    results.add(page, time.perf_counter() - started, problem)


def walk(
    results: Results, officer: Officer, username: str, pages: dict[str, str],
    window: list[float], think: tuple[float, float], rng: random.Random,
    ready: threading.Barrier,
) -> None:  # fmt: skip
    """Sign in (timed apart), wait until every officer has, then walk until the window ends."""
    started = time.perf_counter()
    try:
        signed = officer.login(username)
    except OSError:
        signed = False
    results.add("login", time.perf_counter() - started, "" if signed else "refused")
    ready.wait()
    until = window[0]
    if not signed:
        return
    # Each officer starts his walk at another page, so that the pages are not hit in step.
    order = [*pages.items(), (MINIMAL, "/healthz")]
    shift = rng.randrange(len(order))
    order = order[shift:] + order[:shift]
    while time.monotonic() < until:
        for page, path in order:
            if time.monotonic() >= until:
                return
            time.sleep(rng.uniform(*think))
            timed(results, officer, page, path)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def report(results: Results, seconds: float, users: int) -> dict[str, float]:
    minimal = statistics.median(results.times.get(MINIMAL) or [0])
    print(f"\n{'page':<24} {'req':>6} {'fail':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'p50/min':>8}")  # fmt: skip
    p95 = {}
    for page, times in results.times.items():
        p50 = statistics.median(times)
        p95[page] = percentile(times, 0.95)
        print(
            f"{page:<24} {len(times):>6} {len(results.failures[page]):>5} {p50 * 1000:8.0f} "
            f"{p95[page] * 1000:8.0f} {percentile(times, 0.99) * 1000:8.0f} "
            f"{p50 / minimal if minimal else 0:7.1f}x"
        )
    walked = sum(len(t) for p, t in results.times.items() if p != "login")
    failed = sum(len(f) for f in results.failures.values())
    print(f"\n{users} officers, {seconds:.0f} s: {walked / seconds:.1f} requests/s "
          f"(logins aside), {failed} failures")  # fmt: skip
    for page, problems in results.failures.items():
        print(f"  {page}: {problems[:3]}")
    return p95


def profile(env: dict[str, str], username: str, path: str) -> None:
    """The page as its user, in-process under pyinstrument (ten views after a warm one)."""
    code = f"""
import django; django.setup()
from django.test import Client
from pyinstrument import Profiler
from dondoc.org.models import User
client = Client(SERVER_NAME="127.0.0.1")
client.force_login(User.objects.get(username={username!r}))
get = lambda: client.get({path!r}, secure=True, HTTP_X_FORWARDED_PROTO="https")
assert get().status_code == 200
profiler = Profiler(interval=0.0005)
with profiler:
    for _ in range(10):
        get()
print(profiler.output_text(unicode=True, color=False, show_all=False))
"""
    out = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    print(out.stdout[-12000:], out.stderr[-3000:], sep="\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(command: list[str], env: dict[str, str], cwd: Path) -> str:
    out = subprocess.run(  # noqa: S603 - our own console script and interpreter
        command, env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", default="1-3", help="seconds between two pages: LOW-HIGH")
    parser.add_argument("--web-workers", type=int, default=0, help="0: gunicorn.conf.py's")
    parser.add_argument("--profile", action="store_true", help="profile the slowest page")
    parser.add_argument(
        "--database", default="", help="DATABASE_URL of a database this bench filled and kept "
        "(--keep): no new data, the walks only (development)",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the cluster, print its URL")
    parser.add_argument("--child-data", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_data:
        child_data(args.tasks)
        return
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))
    work = Path(tempfile.mkdtemp(prefix="dondoc-load-"))
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "DJANGO_"))}
    # The key of the personal data: kept beside a kept database (--keep, --database).
    key = os.environ.get("DONDOC_ENCRYPTION_KEY") or _fernet_key()
    base |= {"DONDOC_ENCRYPTION_KEY": key, "DONDOC_MEDIA_ROOT": str(work / "media")}
    with _cluster(args) as url:
        base["DATABASE_URL"] = url
        tasks = 0 if args.database else args.tasks
        if not args.database:
            started = time.perf_counter()
            print(f"demo data with {args.records:,} crime reports…", flush=True)
            _run([str(BIN / "dondoc"), "demo", "--records", str(args.records)], base, work)
            print(f"  {time.perf_counter() - started:.0f} s", flush=True)
            print(f"{args.tasks:,} tasks across the province's plans…", flush=True)
        out = _run(
            [sys.executable, __file__, "--child-data", "--tasks", str(tasks)],
            base | {"DJANGO_SETTINGS_MODULE": "dondoc.settings"}, work,
        )  # fmt: skip
        if args.keep:
            print(f"kept: DONDOC_ENCRYPTION_KEY={key} … --database {url}", flush=True)
            # The pages of each walk, for bench/page_cpu.py over the kept database.
            walks = Path(tempfile.gettempdir()) / "dondoc-load-walks.json"
            walks.write_text(out.strip().splitlines()[-1])
            print(f"walks: {walks}", flush=True)
        print("  " + out.strip().splitlines()[0], flush=True)
        data = json.loads(out.strip().splitlines()[-1])
        port = _free_port()
        production = base | {
            "DONDOC_MODE": "production",
            "DONDOC_SECRET_KEY": secrets.token_urlsafe(64),
            "DONDOC_ALLOWED_HOSTS": "127.0.0.1",
            "DONDOC_SITE_URL": f"https://127.0.0.1:{port}",
            "DONDOC_STATIC_ROOT": str(work / "static"),
            "DONDOC_TRUSTED_PROXY_HEADER": "X-Real-IP",
            "DONDOC_BIND": f"127.0.0.1:{port}",
            # The login limiter counts failures only; 50 sign-ins from one proxy are not that.
        }
        if args.web_workers:
            production["DONDOC_WEB_WORKERS"] = str(args.web_workers)
        _run([str(BIN / "dondoc"), "collectstatic", "--noinput"], production, work)
        logs = {name: (work / f"{name}.log").open("w") for name in ("web", "worker")}
        servers = [
            subprocess.Popen(  # noqa: S603 - the documented command lines
                command, cwd=work, env=production, stdout=logs[name], stderr=subprocess.STDOUT
            )
            for name, command in (
                ("web", [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]),
                ("worker", [str(BIN / "dondoc"), "db_worker", "--queue-name", "*", "--no-reload"]),
            )
        ]
        try:
            _wait_healthy(port)
            print(f"sizes: {data['sizes']}; gunicorn on 127.0.0.1:{port}", flush=True)
            results = Results()
            window: list[float] = []  # when the walks end, set once every officer signed in
            ready = threading.Barrier(
                args.users + 1, action=lambda: window.append(time.monotonic() + args.seconds)
            )
            threads = []
            for number in range(args.users):
                username = ACCOUNTS[number % len(ACCOUNTS)]
                thread = threading.Thread(
                    target=walk,
                    args=(
                        results,
                        Officer(port, number),
                        username,
                        data["walks"][username],
                        window,
                        think,
                        random.Random(number),  # noqa: S311 - think times, not secrets
                        ready,
                    ),
                    daemon=True,
                )
                thread.start()
                threads.append(thread)
            ready.wait()
            run_started = time.monotonic()
            for thread in threads:
                thread.join(timeout=args.seconds + 120)
            p95 = report(results, time.monotonic() - run_started, args.users)
        finally:
            for process in servers:
                process.terminate()
            for process in servers:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            for log in logs.values():
                log.close()
        if args.profile:
            pages = {p: v for p, v in p95.items() if p not in ("login", MINIMAL)}
            slowest = max(pages, key=pages.__getitem__)
            username = next(u for u in ACCOUNTS if slowest in data["walks"][u])
            path = data["walks"][username][slowest]
            print(f"\nprofile of the slowest page, {slowest} ({path}) as {username}:")
            profile(production | {"DJANGO_SETTINGS_MODULE": "dondoc.settings"}, username, path)


@contextlib.contextmanager
def _cluster(args: argparse.Namespace) -> Iterator[str]:
    """A new throwaway cluster, or the one --database names; kept with --keep."""
    if args.database:
        yield args.database
    elif args.keep:
        directory = tempfile.mkdtemp(prefix="dondoc-pg-")
        yield _run(["/bin/bash", str(SCRIPT), "start", directory], dict(os.environ), ROOT).strip()
        print(f"cluster kept in {directory} (scripts/pg_cluster.sh stop {directory})")
    else:
        with postgres() as url:
            yield url


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def _wait_healthy(port: int, seconds: float = 60) -> None:
    deadline, last = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            status, _, text = Officer(port, 0).request("GET", "/healthz")
            if status == 200:
                return
            last = text
        except OSError as error:
            last = str(error)
        time.sleep(0.5)
    raise SystemExit(f"the production setup did not become healthy: {last}")


if __name__ == "__main__":
    main()
