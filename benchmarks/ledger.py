"""Ledger import on PostgreSQL: a generated city ledger (300 agencies over 5 years) imported with
`rongcuo ledger import`'s service, timed, then the same file again (nothing changes).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/rongcuo_bench_ledger \\
        .venv/bin/python benchmarks/ledger.py [--rows 1000000] [--agencies 300]

It migrates the (empty) database first and writes the CSV to a temporary folder; peak memory
(ru_maxrss) is printed with the figures.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("RONGCUO_DATA_DIR", tempfile.mkdtemp(prefix="rongcuo-bench-ledger-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from rongcuo.core.models import Agency, Jurisdiction  # noqa: E402
from rongcuo.ledger import services, table  # noqa: E402


def generate(path: Path, rows: int, agencies: list[str], seed: int = 1) -> None:
    chance = random.Random(seed)
    kinds = [name for _, name in table.KINDS]
    weights = [40, 15, 8, 25, 2, 2, 3, 2, 1, 2]
    start = dt.date(2021, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*table.COLUMNS, "案由"])
        for i in range(rows):
            filed = start + dt.timedelta(days=chance.randrange(5 * 365))
            closed = filed + dt.timedelta(days=chance.randrange(1, 120)) if chance.random() < 0.9 else None
            kind = chance.choices(kinds, weights)[0]
            amount = chance.randrange(0, 50000) if kind == "处罚" else 0
            writer.writerow([f"{i:08d}号", kind, agencies[i % len(agencies)], "张三、李四", filed.isoformat(),
                             closed.isoformat() if closed else "", amount, "是" if chance.random() < 0.03 else "否",
                             "是" if chance.random() < 0.02 else "否", "案由"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=300)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("请用 PostgreSQL 运行：DATABASE_URL=postgresql://…")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # start empty (the ORM's delete would fetch every row first)
        cursor.execute("TRUNCATE ledger_ledgerentry, ledger_ledgermonth, ledger_ledgerimport CASCADE")
    city = Jurisdiction.objects.get_or_create(name="基准市", level="city")[0]
    names = [f"基准市第{i:03d}执法局" for i in range(args.agencies)]
    for name in names:
        Agency.objects.get_or_create(name=name, jurisdiction=city)
    work = Path(tempfile.mkdtemp(prefix="rongcuo-ledger-"))
    path = work / "city.csv"
    start = time.perf_counter()
    generate(path, args.rows, names)
    print(f"生成 {args.rows:,} 行（{path.stat().st_size / 1e6:.0f} MB）：{time.perf_counter() - start:.1f} s")
    size = path.stat().st_size
    start = time.perf_counter()
    outcome = services.ledger_import(actor=None, content=path, name="city.csv", jurisdiction=city, max_bytes=None)
    took = time.perf_counter() - start
    print(f"首次导入：{took:.1f} s，{args.rows / took:,.0f} 行/秒（{outcome.summary}）")
    start = time.perf_counter()
    again = services.ledger_import(actor=None, content=path, name="city.csv", jurisdiction=city, max_bytes=None)
    took = time.perf_counter() - start
    print(f"同一文件再次导入：{took:.1f} s，{args.rows / took:,.0f} 行/秒（{again.summary}）")
    from rongcuo.ledger import statistics

    for label, (start, end) in (("半年", (dt.date(2024, 1, 1), dt.date(2024, 6, 30))),
                                ("五年", (dt.date(2021, 1, 1), dt.date(2025, 12, 31))),
                                ("任意日期 2022-03-15 至 2024-08-20", (dt.date(2022, 3, 15), dt.date(2024, 8, 20)))):
        samples = []
        for _ in range(5):
            begin = time.perf_counter()
            node = statistics.tree(city, start, end)
            samples.append(time.perf_counter() - begin)
        print(f"统计（{label}，{len(node.agencies)} 个单位，立案 {node.total.filed_total:,} 件）：中位数 {sorted(samples)[2] * 1000:.0f} ms")
    print(f"峰值内存：{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB（文件 {size / 1e6:.0f} MB，从磁盘分块读取）")


if __name__ == "__main__":
    main()
