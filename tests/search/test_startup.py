"""A web process loads jieba's dictionary when the app starts, so no reader's first
search waits for it; management commands and plain django.setup() do not pay for it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> str:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code + "\nfrom search.text import segmenter\nprint(segmenter.loaded)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_wsgi_application_loads_the_segmenter():
    assert _loaded_after("import portal.wsgi") == "True"


def test_django_setup_alone_leaves_it_for_later():
    code = (
        "import os, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'portal.settings')\n"
        "django.setup()"
    )
    assert _loaded_after(code) == "False"
