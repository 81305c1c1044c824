"""The `rongcuo` command: the rules and calendar commands, and Django's management commands.

Rules and calendar commands import neither Django nor NumPy unless they need them, so that
`rongcuo assess` starts quickly; every other command is handed to Django's `manage.py` machinery.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn, Protocol


class CommandModule(Protocol):
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


# command name -> module under rongcuo.commands
FAST_COMMANDS: dict[str, str] = {
    "packs": "packs",
    "assess": "assess",
    "compare": "compare",
    "assess-batch": "assess_batch",
    "deadline": "deadline",
}

# `rongcuo NAME` -> Django management command, where the names differ
DJANGO_ALIASES: dict[str, str] = {
    "demo-data": "demo_data",
}

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line on stderr with exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"rongcuo: 参数错误 (usage error): {message}\n")
        raise SystemExit(EXIT_USAGE)


def _load(name: str) -> CommandModule:
    module: CommandModule = importlib.import_module(f"rongcuo.commands.{FAST_COMMANDS[name]}")
    return module


def _print_help() -> None:
    lines = ["用法 (usage): rongcuo COMMAND [options]", "", "规则与期限命令 (rules and deadlines):"]
    for name in FAST_COMMANDS:
        lines.append(f"  {name:<14}{_load(name).HELP}")
    lines += [
        "",
        "系统命令 (Django management commands), e.g.:",
        "  migrate, runserver, createsuperuser, demo-data, audit, check ...",
        "  rongcuo help-django lists them all.",
    ]
    print("\n".join(lines))


def run_django(argv: Sequence[str]) -> int:
    """Hand the command to Django's management machinery."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    name = DJANGO_ALIASES.get(argv[0], argv[0]) if argv else "help"
    execute_from_command_line(["rongcuo", name, *argv[1:]])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        _print_help()
        return 0
    if args[0] == "help-django":
        return run_django(["help"])
    if args[0] in FAST_COMMANDS:
        module = _load(args[0])
        parser = _Parser(prog=f"rongcuo {args[0]}", description=module.HELP)
        module.add_arguments(parser)
        return module.run(parser.parse_args(args[1:]))
    return run_django(args)


if __name__ == "__main__":
    raise SystemExit(main())
