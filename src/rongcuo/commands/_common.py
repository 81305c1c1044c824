"""What the rules commands share: date arguments, output format, and one-line errors (exit 2)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable

EXIT_BAD_INPUT = 2


def iso_date(text: str) -> dt.date:
    """argparse type for YYYY-MM-DD with a clear Chinese message."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期格式错误：{text} 不是有效日期（应为 YYYY-MM-DD）(invalid date)"
        ) from None


def add_on_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--on", type=iso_date, default=None, metavar="YYYY-MM-DD", help="行为发生日期（默认今天）"
    )


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("json", "text"), default="json", help="输出格式")


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def guarded(action: Callable[[], int]) -> int:
    """Run a command; a RulesError becomes one line on stderr and exit status 2."""
    from rongcuo.rules.errors import RulesError

    try:
        return action()
    except RulesError as error:
        sys.stderr.write(f"rongcuo: {error}\n")
        return EXIT_BAD_INPUT
