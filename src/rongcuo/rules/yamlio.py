"""YAML reading with the C loader when available (pack loading is on the start-up path)."""

from __future__ import annotations

from pathlib import Path

import yaml

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


def load_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)
