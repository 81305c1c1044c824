"""Sub-commands of the `rongcuo` command that run without Django (fast start-up).

Each module defines `add_arguments(parser)` and `run(args) -> int`; `rongcuo.cli` imports only the
module of the command being run.
"""
