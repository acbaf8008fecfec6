"""Benchmark of the registry import: N crime reports (1,000,000 by default) with their
victims from one CSV file into PostgreSQL, beside PostgreSQL's own COPY of the same file into
a plain table in the same run (the ratio is the figure).

Prints rows/s for dondoc, for COPY alone, for the encryption of the personal fields alone,
and the floor "COPY + encryption" (their times added), whose rate dondoc is measured against.
Prints figures; asserts nothing. Run: .venv/bin/python bench/registry_import.py [--rows N]
A throwaway PostgreSQL cluster is started here (scripts/pg_cluster.sh), as the tests do.

The import does what COPY does not: it checks every row (dates, choices, catalogues,
identity numbers) before writing anything, computes each statutory deadline, encrypts names
and identity numbers, and writes three tables (people, reports, their links).
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster import postgres  # noqa: E402


def write_csv(path: Path, rows: int) -> None:
    from dondoc.registry.layouts import CRIME_REPORTS
    from dondoc.registry.synthetic import crime_reports

    decisions = {
        "prosecute": "Quyết định khởi tố vụ án hình sự",
        "not_prosecute": "Quyết định không khởi tố vụ án hình sự",
        "suspend": "Quyết định tạm đình chỉ việc giải quyết",
        "pending": "Đang giải quyết",
    }
    sources = {"denunciation": "Tố giác về tội phạm", "report": "Tin báo về tội phạm",
               "petition": "Kiến nghị khởi tố"}  # fmt: skip
    sexes = {"male": "Nam", "female": "Nữ"}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CRIME_REPORTS.labels())
        keys = [c.key for c in CRIME_REPORTS.columns]  # by key: the layout grows columns
        for r in crime_reports(rows, units=1, years=(2024, 2024)):
            cells = {
                "number": f"TB-{r.index}",
                "received_on": f"{r.received_on:%d/%m/%Y}",
                "source": sources[r.source],
                "offence": r.article,
                "complex": "không",
                "decision": decisions[r.decision],
                "decided_on": f"{r.decided_on:%d/%m/%Y}" if r.decided_on else "",
                "victim_name": r.victim_name,
                "victim_identity": r.victim_identity,
                "victim_sex": sexes[r.victim_sex],
                "victim_birth_date": f"{r.victim_birth_date:%d/%m/%Y}",
                "victim_ethnicity": r.ethnic_code,
                "victim_religion": r.religion_code,
            }
            writer.writerow([cells.get(key, "") for key in keys])


def child(rows: int, csv_path: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dondoc.core.actors import SYSTEM
    from dondoc.org.models import AdminUnit, Agency, User
    from dondoc.org.services.agencies import agency_directory_ensure
    from dondoc.org.services.units import unit_map_load
    from dondoc.registry.transfer import registry_import

    call_command("migrate", verbosity=0)
    unit_map_load(actor=SYSTEM)
    district = AdminUnit.objects.get(path="pre2025/08/076")
    agency_directory_ensure(actor=SYSTEM, unit=district)
    police = Agency.objects.get(unit=district, kind="police", parent__isnull=True)
    admin = User.objects.create_superuser("bench", password=None)
    data = csv_path.read_bytes()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def cpu() -> float:
        """CPU seconds of this process and of its PostgreSQL backend (same machine): a figure
        that other work on the machine does not inflate, unlike the wall clock."""
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return time.process_time() + (int(fields[11]) + int(fields[12])) / ticks

    every = int(os.environ.get("BENCH_PER_BATCH", "0"))  # print CPU per batch every N batches
    marks = [(0, time.process_time(), cpu())]

    def progress(result: object, saving: bool) -> None:
        """CPU seconds per batch, Python and backend apart, every `every` batches: which one
        grows with the rows already written."""
        rows, client, both = getattr(result, "rows", 0), time.process_time(), cpu()
        r0, c0, b0 = marks[-1]
        if every and (rows - r0) >= every * 2000:
            per = (rows - r0) / 2000
            print(
                f"batch@{rows:>9,}: python {(client - c0) / per * 1000:6.1f} ms, backend "
                f"{((both - b0) - (client - c0)) / per * 1000:6.1f} ms per batch",
                file=sys.stderr, flush=True,
            )  # fmt: skip
            marks.append((rows, client, both))

    profiler = None
    if os.environ.get("BENCH_PROFILE"):  # --profile: the import's own thread under cProfile
        import cProfile

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
    started, cpu_started, client_started = time.perf_counter(), cpu(), time.process_time()
    result = registry_import(
        actor=admin, agency=police, kind="crime_reports", data=data, filename=csv_path.name,
        progress=progress,
    )  # fmt: skip
    if profiler is not None:
        import pstats

        profiler.disable()
        # The main thread's CPU (parse, checks, build, encryption, COPY text); the writer
        # thread's COPY and look-ups are not in it. On stderr: stdout carries the figures.
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(40)
    if every:
        _, c0, b0 = marks[-1]
        client, both = time.process_time(), cpu()
        print(
            f"after the last batch (commit, deferred checks, stats mark, audit): python "
            f"{client - c0:.1f} s, backend {(both - b0) - (client - c0):.1f} s",
            file=sys.stderr, flush=True,
        )  # fmt: skip
    ours, ours_cpu = time.perf_counter() - started, cpu() - cpu_started
    backend_cpu = cpu() - time.process_time() - (cpu_started - client_started)
    if result.errors or result.saved != rows:
        raise SystemExit(f"import: {result.saved} saved, {len(result.errors)} errors")
    from dondoc.registry.layouts import CRIME_REPORTS

    keys = [c.key for c in CRIME_REPORTS.columns]
    columns = ", ".join(f"c{i} text" for i in range(len(keys)))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_copy ({columns})")
        started, cpu_started = time.perf_counter(), cpu()
        with cursor.copy("COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)") as copy:
            copy.write(data)
        copied, copied_cpu = time.perf_counter() - started, cpu() - cpu_started
        cursor.execute("SELECT count(*) FROM bench_copy")
        if cursor.fetchone()[0] != rows:
            raise SystemExit("COPY did not load every row")
    # The encryption alone: the personal fields this file fills in each row (the victim's
    # name, identity number and birth date, as its ISO text), under the current key, in a tight
    # loop; the empty ones cost nothing (the empty text is stored as it is).
    from dondoc.core.crypto import field_encryptor

    encrypt = field_encryptor()
    reader = csv.reader(data.decode("utf-8").splitlines())
    next(reader)
    at = [keys.index(k) for k in ("victim_name", "victim_identity", "victim_birth_date")]
    cells = [(row[at[0]], row[at[1]], "-".join(reversed(row[at[2]].split("/")))) for row in reader]
    started, cpu_started = time.perf_counter(), cpu()
    for name, identity, birth in cells:
        encrypt(name)
        encrypt(identity)
        encrypt(birth)
    encrypted, encrypted_cpu = time.perf_counter() - started, cpu() - cpu_started
    print(f"{ours} {copied} {encrypted} {ours_cpu} {copied_cpu} {encrypted_cpu} {backend_cpu}")


def csv_written(rows: int) -> Path:
    """A crime-report file of `rows` synthetic rows in a new temporary folder (the parent
    process: the layouts and the generator need Django's models, not a database)."""
    sys.path.insert(0, str(ROOT / "src"))
    workdir = Path(tempfile.mkdtemp(prefix="dondoc-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/unused.sqlite3")
    import django

    django.setup()
    csv_path = workdir / "tin-bao.csv"
    started = time.perf_counter()
    write_csv(csv_path, rows)
    print(f"CSV of {rows:,} rows written in {time.perf_counter() - started:.1f} s "
          f"({csv_path.stat().st_size / 1e6:.0f} MB)")  # fmt: skip
    return csv_path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument(
        "--profile", action="store_true",
        help="the import's main thread under cProfile, by own CPU, on stderr (the figures "
        "are then not comparable with a run without it)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.profile:
        os.environ["BENCH_PROFILE"] = "1"
    if args.child:
        child(args.rows, Path(args.child))
        return
    csv_path = csv_written(args.rows)
    with postgres() as url:
        out = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--rows", str(args.rows), "--child", str(csv_path)],
            env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.PIPE, text=True,
            check=False,
        )  # fmt: skip
    if out.returncode != 0:
        print(out.stdout, file=sys.stderr)
        raise SystemExit("the benchmark failed")
    figures = [float(x) for x in out.stdout.strip().splitlines()[-1].split()]
    n = args.rows
    print(f"{n:,} rows; wall clock, then CPU seconds (client + PostgreSQL backend), which")
    print("other work on the machine does not inflate:")
    for label, (ours, copied, encrypted) in (("wall", figures[:3]), ("CPU ", figures[3:6])):
        floor = copied + encrypted  # COPY of the file, then the encryption of its personal fields
        for what, seconds in (
            ("dondoc import", ours),
            ("COPY (same file, plain text table)", copied),
            ("encryption alone (3 fields a row)", encrypted),
            ("floor: COPY + encryption", floor),
        ):
            print(f"  {label} {what:<35}: {seconds:6.1f} s  {n / seconds:10,.0f} rows/s")
        print(f"  {label} dondoc reaches {floor / ours:.0%} of the floor's rate (goal: 50 %); "
              f"import / COPY: {ours / copied:.1f}x")  # fmt: skip
    backend = figures[6]
    print(
        f"  dondoc's CPU: {figures[3] - backend:.1f} s in Python, {backend:.1f} s in its "
        "PostgreSQL backend (COPY, indexes, the foreign-key checks after each batch)"
    )


if __name__ == "__main__":
    main()
