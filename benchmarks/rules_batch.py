"""Rules engine throughput: single-case path, NumPy batch path, and `assess-batch` on a CSV.

Run: .venv/bin/python benchmarks/rules_batch.py [--cases 1000000] [--csv-rows 300000]
Prints figures; asserts nothing (targets are in benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from rongcuo.rules.assess import assess
from rongcuo.rules.batch import assess_columns, compile_pack
from rongcuo.rules.csv_batch import run_batch
from rongcuo.rules.registry import all_packs
from rongcuo.rules.vocabulary import default_vocabulary

ON = dt.date(2026, 1, 5)
SINGLE_SAMPLE = 20_000


def random_columns(size: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {name: rng.random(size) < 0.05 for name in default_vocabulary().names}


def best_of(runs: int, action: object) -> float:
    assert callable(action)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_paths(cases: int) -> None:
    columns = random_columns(cases, seed=7)
    names = list(columns)
    sample = [{n: bool(columns[n][i]) for n in names} for i in range(SINGLE_SAMPLE)]
    print(f"{'pack':<14}{'single (cases/s)':>20}{'batch (cases/s)':>20}{'distinct masks':>16}")
    for pack in all_packs():
        single = best_of(1, lambda pack=pack: [assess(pack, facts, ON) for facts in sample])

        def batch(pack=pack) -> None:  # type: ignore[no-untyped-def]
            result = assess_columns(pack, columns, cases)
            compiled = compile_pack(pack)
            for mask in np.unique(result.matched).tolist():  # citations for every distinct result
                compiled.describe_mask(int(mask))

        batch()
        elapsed = best_of(3, batch)
        distinct = len(np.unique(assess_columns(pack, columns, cases).matched))
        print(f"{pack.id:<14}{SINGLE_SAMPLE / single:>20,.0f}{cases / elapsed:>20,.0f}{distinct:>16,}")
    print(f"(single path timed on {SINGLE_SAMPLE:,} cases; batch path on {cases:,} cases incl. citations, best of 3)")


def write_csv(path: Path, rows: int) -> None:
    columns = random_columns(rows, seed=11)
    names = list(columns)
    matrix = np.column_stack([columns[n] for n in names]).astype(np.uint8)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("case_id," + ",".join(names) + "\n")
        body = [f"C{i:07d}," + ",".join(map(str, row)) for i, row in enumerate(matrix.tolist())]
        handle.write("\n".join(body) + "\n")


def csv_reader_pass(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        for _row in csv.reader(handle):
            pass


def bench_csv(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "cases.csv", Path(folder) / "results.csv"
        write_csv(source, rows)
        size_mb = source.stat().st_size / 1e6
        bare = best_of(3, lambda: csv_reader_pass(source))
        pack = all_packs()[0]
        in_process = best_of(3, lambda: run_batch(pack, source, target, ON))
        command = [sys.executable, "-m", "rongcuo.cli", "assess-batch", "--pack", pack.id,
                   "--input", str(source), "--output", str(target), "--on", ON.isoformat()]
        end_to_end = best_of(3, lambda: subprocess.run(command, check=True, capture_output=True))
        print(f"\nassess-batch on {rows:,} rows × {len(default_vocabulary().names)} facts ({size_mb:.0f} MB), best of 3:")
        print(f"  bare csv.reader pass            {bare:8.3f} s")
        print(f"  run_batch in process            {in_process:8.3f} s  ({bare / in_process:.1f}× the bare pass)")
        print(f"  rongcuo assess-batch (process)  {end_to_end:8.3f} s  ({bare / end_to_end:.1f}× the bare pass)")


def bench_startup() -> None:
    with tempfile.TemporaryDirectory() as folder:
        facts = Path(folder) / "f.json"
        facts.write_text('{"counterparty_concealed_information": true}')
        command = [sys.executable, "-m", "rongcuo.cli", "assess", "--pack", "licheng-2025", "--facts", str(facts)]
        elapsed = best_of(5, lambda: subprocess.run(command, check=True, capture_output=True))
        print(f"\nrongcuo assess, start-up included (best of 5): {elapsed:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--csv-rows", type=int, default=300_000)
    args = parser.parse_args()
    bench_paths(args.cases)
    bench_csv(args.csv_rows)
    bench_startup()


if __name__ == "__main__":
    main()
