"""assess-batch reads its input block by block: a file many blocks long gives, row for row, what the
single-case path gives, and a case_id repeated in a later block is still found."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import pytest

from rongcuo.rules.assess import assess
from rongcuo.rules.csv_batch import run_batch
from rongcuo.rules.errors import BatchInputError
from rongcuo.rules.registry import get_pack

ON = dt.date(2025, 9, 1)


def write_cases(path: Path, facts: list[str], rows: int, seed: int = 7) -> list[dict[str, bool]]:
    chance = random.Random(seed)
    cases = [{name: chance.random() < 0.08 for name in facts} for _ in range(rows)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", *facts])
        for index, case in enumerate(cases):
            writer.writerow([f"C{index:05d}", *("1" if case[name] else "0" for name in facts)])
    return cases


@pytest.mark.parametrize("pack_id", ["licheng-2025", "xixian-2022"])
def test_every_row_of_a_many_block_file_matches_the_single_case_path(tmp_path: Path, pack_id: str) -> None:
    pack = get_pack(pack_id)
    facts = sorted({name for clause in pack.evaluable for name in clause.facts})
    cases = write_cases(tmp_path / "in.csv", facts, 3000)
    stats = run_batch(pack, tmp_path / "in.csv", tmp_path / "out.csv", ON, block_bytes=8192)
    assert stats.cases == 3000
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["case_id"] for r in rows] == [f"C{i:05d}" for i in range(3000)]
    for row, case in zip(rows, cases, strict=True):
        assert row["outcome"] == assess(pack, case, ON).outcome.value


def test_a_case_id_repeated_in_a_later_block_is_refused_and_no_output_is_left(tmp_path: Path) -> None:
    pack = get_pack("licheng-2025")
    facts = sorted({name for clause in pack.evaluable for name in clause.facts})[:5]
    write_cases(tmp_path / "in.csv", facts, 2000)
    with (tmp_path / "in.csv").open("a", encoding="utf-8") as handle:
        handle.write("C00003," + ",".join("0" for _ in facts) + "\n")
    with pytest.raises(BatchInputError, match="第 2002 行的 case_id 'C00003' 与第 5 行重复"):
        run_batch(pack, tmp_path / "in.csv", tmp_path / "out.csv", ON, block_bytes=4096)
    assert list(tmp_path.iterdir()) == [tmp_path / "in.csv"]
