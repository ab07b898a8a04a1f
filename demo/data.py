"""Reading the demo's words from the JSON files beside this module."""

import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def read(subject: str):
    """The content of `demo/<subject>.json` (loaded once per process)."""
    return json.loads((HERE / f"{subject}.json").read_text(encoding="utf-8"))


def html(lines: list[str]) -> str:
    """A page body kept as a list of lines: one line each, opened and closed by a newline."""
    return "".join(f"\n{line}" for line in lines) + "\n"
