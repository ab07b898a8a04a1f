"""The demo site: invented but plausible content for `manage.py load_demo`.

Not part of the installed packages. The words live in the JSON files beside this
module (one file per subject); the modules here compose them into rows with fixed
random seeds, draw the pictures and PDFs, and create only what is missing, so the demo
is the same on every machine and loading it again changes nothing.
"""

import json
from functools import cache
from pathlib import Path

from django.db import transaction

HERE = Path(__file__).resolve().parent


@cache
def read(subject: str):
    """The content of `demo/<subject>.json` (loaded once per process)."""
    return json.loads((HERE / f"{subject}.json").read_text(encoding="utf-8"))


def html(lines: list[str]) -> str:
    """A page body kept as a list of lines: one line each, opened and closed by a newline."""
    return "".join(f"\n{line}" for line in lines) + "\n"


def load(stdout) -> None:
    """Site settings and pages, the directories, the news, then messages and submissions.

    News links its articles to the directory's zones, so the directory comes first. Each
    part commits on its own.
    """
    from demo import directory, news, pages, submissions

    for part in (pages, directory, news, submissions):
        with transaction.atomic():
            part.load(stdout)
