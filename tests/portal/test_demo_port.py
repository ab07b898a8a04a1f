"""`make demo`'s banner prints the admin address on the port chosen with DEMO_ADDRPORT,
and the README says how to choose it (issue 25, item 19)."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("addrport", "address"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/admin/"),
        ("8001", "http://127.0.0.1:8001/admin/"),
        ("0.0.0.0:8123", "http://127.0.0.1:8123/admin/"),
        ("192.0.2.5:9000", "http://192.0.2.5:9000/admin/"),
    ],
)
def test_the_banner_prints_the_chosen_port(addrport, address):
    out = io.StringIO()
    call_command("ensure_admin", addrport=addrport, stdout=out)
    assert f"后台地址：{address}" in out.getvalue()


def test_the_demo_script_gives_the_same_port_to_the_banner_and_the_server():
    script = (ROOT / "scripts" / "demo.sh").read_text()
    assert "ADDRPORT=${DEMO_ADDRPORT:-127.0.0.1:8000}" in script
    assert 'ensure_admin --addrport "$ADDRPORT"' in script
    assert 'runserver "$ADDRPORT"' in script
    assert "DEMO_ADDRPORT=$(DEMO_ADDRPORT)" in (ROOT / "Makefile").read_text()


def test_the_readme_says_how_to_choose_the_port():
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"make demo DEMO_ADDRPORT=\d+", readme)
