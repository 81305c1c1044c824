"""`rongcuo deadline`: the due date alone on the last line, warnings on stderr, bad input exits 2."""

from __future__ import annotations

import subprocess
import sys

import pytest


def deadline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rongcuo.cli", "deadline", *args], capture_output=True, text=True, check=False
    )


def last_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1]


def test_the_last_line_is_the_iso_due_date_after_a_chinese_explanation() -> None:
    done = deadline("--start", "2025-01-18", "--days", "10")
    assert last_line(done) == "2025-02-05"  # day 10 is 1/28, the Spring Festival break runs to 2/4
    assert "2025年2月5日" in done.stdout
    assert "顺延" in done.stdout
    assert done.stderr == ""


def test_working_days_count_the_make_up_saturday() -> None:
    assert last_line(deadline("--start", "2025-02-07", "--days", "1", "--working-days")) == "2025-02-08"


def test_pauses_and_an_extension_move_the_due_date() -> None:
    done = deadline(
        "--start", "2026-03-02", "--days", "30",
        "--pause", "2026-03-10:2026-03-12", "--pause", "2026-03-20:2026-03-25", "--extend", "10",
    )
    assert last_line(done) == "2026-04-20"  # 4/1 + 7 paused days + 10 extended days, a Monday


def test_an_unknown_year_warns_on_stderr_and_still_ends_stdout_with_the_date() -> None:
    done = deadline("--start", "2026-12-25", "--days", "7")
    assert last_line(done) == "2027-01-01"
    assert "暂定" in done.stdout
    assert "2027年" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2025-02-30", "--days", "7"], "日期格式错误：2025-02-30 不是有效日期（应为 YYYY-MM-DD）"),
        (["--start", "20250301", "--days", "7"], "日期格式错误"),
        (["--start", "2025-03-01", "--days", "0"], "期限天数应为正整数"),
        (["--start", "2025-03-01", "--days", "-5"], "期限天数应为正整数"),
        (["--start", "2025-03-01", "--days", "2.5"], "期限天数应为正整数"),
        (["--start", "2025-03-01", "--days", "7", "--extend", "31"], "不得超过 30 日"),
        (["--start", "2025-03-01", "--days", "7", "--pause", "2025-03-05"], "暂停区间格式错误"),
        (["--start", "2025-03-01", "--days", "7", "--pause", "2025-03-05:2025-03-09",
          "--pause", "2025-03-07:2025-03-12"], "暂停区间重叠"),
    ],
)
def test_bad_input_is_one_clear_line_on_stderr_with_status_2(args: list[str], message: str) -> None:
    done = deadline(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert message in done.stderr
