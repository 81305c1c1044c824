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
    with pytest.raises(BatchInputError) as refused:
        run_batch(pack, tmp_path / "in.csv", tmp_path / "out.csv", ON, block_bytes=4096)
    assert str(refused.value) == (f"{tmp_path / 'in.csv'}:2002: 第 2002 行的 case_id 'C00003' 与第 5 行重复 "
                                  "(duplicate case_id on line 2002, first on line 5)")  # editors jump to file:line
    assert list(tmp_path.iterdir()) == [tmp_path / "in.csv"]


def test_the_id_hash_over_arrow_buffers_is_the_same_as_for_one_id_and_keeps_ids_apart() -> None:
    import pyarrow as pa

    from rongcuo.rules.csv_batch import _id_hash, _id_hashes

    ids = ["C00001", "", "历城-2025-001", 'a"b,c', "x" * 300, "C00010", "C00100", "C0001", "1C0000", "C00001 "]
    array = pa.array(["pad", *ids], pa.string()).slice(1)  # a slice: its offsets do not start at 0
    hashes = _id_hashes(array).tolist()
    assert hashes == [_id_hash(value) for value in ids]
    assert len(set(hashes)) == len(ids)
    inner = pa.array(["pad", *ids, "tail"], pa.string()).slice(1, len(ids))  # a slice ending before the buffer does
    assert _id_hashes(inner).tolist() == hashes
    many = pa.array([f"C{i:07d}" for i in range(200_000)], pa.string())
    assert len(set(_id_hashes(many).tolist())) == 200_000


def test_the_command_reports_in_chinese_how_many_cases_came_to_each_outcome(tmp_path: Path) -> None:
    import subprocess
    import sys

    pack = get_pack("licheng-2025")
    facts = sorted({name for clause in pack.evaluable for name in clause.facts})
    write_cases(tmp_path / "in.csv", facts, 500)
    done = subprocess.run([sys.executable, "-m", "rongcuo.cli", "assess-batch", "--pack", pack.id, "--input",
                           str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"), "--on", ON.isoformat()],
                          capture_output=True, text=True, check=True)
    assert "已认定 500 件（" in done.stderr
    assert "不予容错" in done.stderr
    assert not any(code in done.stderr for code in ("not_tolerated", "duty_fulfilled", "no_ground", "mitigable"))


def test_a_bad_value_in_a_later_block_names_its_line_and_leaves_no_output(tmp_path: Path) -> None:
    pack = get_pack("licheng-2025")
    facts = sorted({name for clause in pack.evaluable for name in clause.facts})[:5]
    write_cases(tmp_path / "in.csv", facts, 3000)
    with (tmp_path / "in.csv").open("a", encoding="utf-8") as handle:
        handle.write("C99999," + ",".join(["0"] * (len(facts) - 1) + ["也许"]) + "\n")
    with pytest.raises(BatchInputError, match="第 3002 行"):
        run_batch(pack, tmp_path / "in.csv", tmp_path / "out.csv", ON, block_bytes=4096)
    assert list(tmp_path.iterdir()) == [tmp_path / "in.csv"]


def one_fact_file(tmp_path: Path, body: str) -> Path:
    source = tmp_path / "in.csv"
    source.write_text("case_id,private_gain\n" + body, encoding="utf-8")
    return source


def outcomes(tmp_path: Path, body: str) -> list[list[str]]:
    run_batch(get_pack("licheng-2025"), one_fact_file(tmp_path, body), tmp_path / "out.csv", ON)
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        return [row[:2] for row in csv.reader(handle)]


def test_a_file_of_one_case_or_of_none_gives_its_rows_and_the_header(tmp_path: Path) -> None:
    assert outcomes(tmp_path, "A1,1\n") == [["case_id", "outcome"], ["A1", "not_tolerated"]]
    assert outcomes(tmp_path, "") == [["case_id", "outcome"]]


def test_an_empty_cell_is_a_fact_not_established(tmp_path: Path) -> None:
    assert outcomes(tmp_path, "A1,\nA2,0\nA3,1\n") == [
        ["case_id", "outcome"], ["A1", "no_ground"], ["A2", "no_ground"], ["A3", "not_tolerated"]]


def test_a_row_the_csv_module_cannot_parse_strictly_is_named_with_its_reason(tmp_path: Path) -> None:
    from rongcuo.rules.csv_batch import locate_bad_row

    source = one_fact_file(tmp_path, 'A1,"1"x\n')  # text after a closing quote
    assert str(locate_bad_row(source, 2)) == (f"{source}:2: 第 2 行无法解析 (line 2): ',' expected after '\"'")
    fine = one_fact_file(tmp_path, "A1,1\n")  # nothing the csv module objects to: Arrow's reason stands unexplained
    assert str(locate_bad_row(fine, 2)) == f"{fine}: 文件无法解析 (the CSV could not be parsed)"


@pytest.mark.parametrize(("content", "said"), [
    (b"", "{path}:1: 表头第一列应为 case_id (header must start with case_id)"),  # an empty file
    (b"id,private_gain\nA1,1\n", "{path}:1: 表头第一列应为 case_id (header must start with case_id)"),
    (b"case_id,private_gain,private_gain\nA1,1,1\n", "{path}:1: 表头中事实要素 private_gain 重复 (duplicate column)"),
    ("case_id,private_gain\n甲,1\n".encode("gb18030"), "{path}: 文件不是 UTF-8 编码 (not UTF-8)"),
    (None, "无法读取输入文件 (cannot read input) {path}: No such file or directory"),
])
def test_a_header_that_cannot_be_read_is_refused_with_its_exact_reason(tmp_path: Path, content: bytes | None,
                                                                     said: str) -> None:
    from rongcuo.rules.csv_batch import read_header

    source = tmp_path / "in.csv"
    if content is not None:
        source.write_bytes(content)
    with pytest.raises(BatchInputError) as refused:
        read_header(source)
    assert str(refused.value) == said.format(path=source)


def test_case_ids_come_back_as_written_even_when_they_look_like_numbers(tmp_path: Path) -> None:
    assert outcomes(tmp_path, "007,0\n1e3,1\n") == [["case_id", "outcome"], ["007", "no_ground"], ["1e3", "not_tolerated"]]


def test_the_counts_by_outcome_add_up_over_every_block(tmp_path: Path) -> None:
    pack = get_pack("licheng-2025")
    facts = sorted({name for clause in pack.evaluable for name in clause.facts})
    cases = write_cases(tmp_path / "in.csv", facts, 3000)
    stats = run_batch(pack, tmp_path / "in.csv", tmp_path / "out.csv", ON, block_bytes=8192)
    expected: dict[str, int] = {}
    for case in cases:
        outcome = assess(pack, case, ON).outcome.value
        expected[outcome] = expected.get(outcome, 0) + 1
    assert stats.outcomes == expected
    assert sum(stats.outcomes.values()) == stats.cases == 3000


def test_blocks_read_ahead_reach_a_slow_reader_all_and_in_order() -> None:
    import time

    from rongcuo.rules.csv_batch import _read_ahead

    got = []
    for item in _read_ahead(iter(range(12)), depth=1):  # the reader waits longer than one put's patience
        got.append(item)
        if item < 3:
            time.sleep(0.25)
    assert got == list(range(12))


@pytest.mark.parametrize("ids", [["历司,2025,1", "plain", "other"], ["plain", "other", "历司,2025,3"]])
def test_a_comma_in_the_first_or_the_last_id_of_a_block_is_quoted(tmp_path: Path, ids: list[str]) -> None:
    body = "".join(f'"{case_id}",0\n' if "," in case_id else f"{case_id},0\n" for case_id in ids)
    assert [row[0] for row in outcomes(tmp_path, body)] == ["case_id", *ids]


def test_the_packs_in_force_are_looked_for_among_the_candidates_given() -> None:
    from rongcuo.rules.registry import packs_in_force

    xixian = get_pack("xixian-2022")
    assert packs_in_force(ON, [xixian]) == [xixian]
    assert packs_in_force(ON, []) == []
    assert [p.id for p in packs_in_force(ON)] == ["licheng-2025", "xixian-2022"]


def test_results_go_into_a_folder_that_does_not_exist_yet_with_nothing_else_left_there(tmp_path: Path) -> None:
    target = tmp_path / "结果" / "2025年" / "out.csv"
    run_batch(get_pack("licheng-2025"), one_fact_file(tmp_path, "A1,1\n"), target, ON)
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("A1,not_tolerated,")
    assert [p.name for p in target.parent.iterdir()] == ["out.csv"]


@pytest.mark.parametrize("word", ["NULL", "N/A", "NaN", "null"])
def test_a_word_for_missing_is_refused_like_any_other_word_not_read_as_not_established(tmp_path: Path,
                                                                                      word: str) -> None:
    source = one_fact_file(tmp_path, f"A1,0\nA2,{word}\n")
    with pytest.raises(BatchInputError) as refused:
        run_batch(get_pack("licheng-2025"), source, tmp_path / "out.csv", ON)
    assert str(refused.value) == (f"{source}:3: 第 3 行 private_gain 的值 '{word}' 无法识别，应为 1/0/true/false "
                                  "(line 3: bad value for private_gain)")


def test_a_case_id_written_null_or_left_empty_comes_back_as_written(tmp_path: Path) -> None:
    assert outcomes(tmp_path, "NULL,1\n,0\nN/A,0\n") == [
        ["case_id", "outcome"], ["NULL", "not_tolerated"], ["", "no_ground"], ["N/A", "no_ground"]]
