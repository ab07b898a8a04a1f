"""The README and the documents in docs/ stay true where a test can tell: the commands
they name exist, the configuration table (docs/configuration.md), .env.example and the
code read the same variables, and the reader URLs they list resolve."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]
# What people read; benchmarks.md is written by a script and names no commands or URLs.
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TEXT = "\n".join(path.read_text(encoding="utf-8") for path in DOCS if path.name != "benchmarks.md")
CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
SETTING = re.compile(r'env\.(?:str|bool|int|float|list)\("([A-Z0-9_]+)"')
READ_BY_CODE = {
    **dict.fromkeys(sorted((ROOT / "portal" / "settings").glob("*.py")), SETTING),
    ROOT / "gunicorn.conf.py": re.compile(r'os\.environ\.get\("([A-Z0-9_]+)"'),
}


def variables_read_by_the_code() -> set[str]:
    return {
        name
        for path, pattern in READ_BY_CODE.items()
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }


def configuration_table() -> set[str]:
    rows = [line for line in CONFIGURATION.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z0-9_]+)`", row.split("|")[1])}


def test_every_variable_the_code_reads_is_in_the_table_and_the_example_and_no_other():
    code = variables_read_by_the_code()
    example = set(re.findall(r"^#? ?([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert configuration_table() == code
    assert example == code


def test_every_manage_py_command_the_docs_name_exists():
    named = set(re.findall(r"manage\.py\s+([a-z_]+)", TEXT))
    assert {"init_site", "housekeeping", "load_demo"} <= named
    assert named - set(get_commands()) == set()


READER_URLS = sorted(
    {
        url.split("?")[0]
        for url in re.findall(r"`(/[^`\s]*)`", TEXT)
        if not url.startswith(("/etc/", "/usr/", "/srv/", "/run/", "/media/", "/static/"))
    }
)


@pytest.mark.parametrize("url", READER_URLS)
def test_every_url_the_docs_list_resolves(url):
    concrete = re.sub(r"<id>", "1", re.sub(r"<section>", "notices", url))
    try:
        resolve(concrete)
    except Resolver404:
        # /healthz is answered by portal.middleware, the root icons by whitenoise, both
        # before the URLconf
        root_file = Path(settings.WHITENOISE_ROOT, concrete.lstrip("/"))
        if concrete != "/healthz" and not root_file.is_file():
            raise


def test_every_make_target_the_docs_name_exists():
    named = set(re.findall(r"`make ([a-z-]+)", TEXT)) | set(
        re.findall(r"^make ([a-z-]+)", TEXT, re.M)
    )
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), re.M))
    assert {"demo", "test", "check"} <= named
    assert named - targets == set()
