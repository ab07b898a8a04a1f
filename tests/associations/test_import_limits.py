"""An import cannot take a worker down: a file past a limit (size, the xlsx's unpacked
size and structure, rows, characters in a cell) is refused at once with a Chinese message
naming the limit, nothing of it is imported, and reading it grows the process by far
less than 200 MB."""

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.urls import reverse

from associations.models import Zone
from associations.resources import ZoneResource
from associations.services import import_spreadsheet
from editorial import spreadsheets
from tests.associations.hostile_spreadsheets import (
    csv_of_rows,
    xlsx_with_huge_cell,
    xlsx_with_wide_row,
)
from tests.associations.test_import_export import GOOD_ROWS, HEADER, to_csv, to_xlsx

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]


def _upload(client, content: bytes, name: str):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse("admin:associations_zone_import"),
        {"resource": 0, "format": 0 if name.endswith(".xlsx") else 1, "import_file": upload},
    )


def _refused(response, *words):
    html = response.content.decode()
    assert response.status_code == 400
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    for word in words:
        assert word in html
    assert Zone.objects.count() == 0


def test_a_zip_bomb_is_refused_before_it_is_unpacked(superuser_client):
    bomb = xlsx_with_huge_cell(300 * MB)
    assert len(bomb) < 400 * 1024
    _refused(_upload(superuser_client, bomb, "zones.xlsx"), "解压后有 300 MB", "超过上限 20 MB")


def test_an_upload_far_over_the_size_limit_is_refused_before_it_is_received(superuser_client):
    content = csv_of_rows(200_000)
    assert len(content) > 17_000_000
    response = _upload(superuser_client, content, "zones.csv")
    assert response.status_code == 413
    assert "提交的内容超过 11 MB" in response.content.decode()
    assert Zone.objects.count() == 0


def test_an_upload_just_over_the_size_limit_is_refused_unread(superuser_client):
    content = csv_of_rows(125_000)
    assert 10 * MB < len(content) < 11 * MB
    _refused(_upload(superuser_client, content, "zones.csv"), "文件太大", "最大 10 MB")


@pytest.mark.parametrize("name", ["zones.csv", "zones.xlsx"])
def test_rows_past_the_row_limit_refuse_the_whole_file(superuser_client, name):
    rows = [[f"测试园区{i:05d}", "江苏省", *GOOD_ROWS[0][2:]] for i in range(5001)]
    content = to_csv(rows) if name.endswith(".csv") else to_xlsx(rows)
    _refused(_upload(superuser_client, content, name), "表格超过 5000 行", "每次最多导入 5000 行")


def test_the_row_limit_itself_is_accepted():
    rows = [[f"测试园区{i:05d}", "江苏省"] for i in range(5000)]
    dataset = spreadsheets.CSV().create_dataset(to_csv(rows, HEADER[:2]))
    assert dataset.height == 5000


def test_a_long_cell_is_refused_naming_the_cell_and_the_limit(superuser_client):
    rows = [row[:] for row in GOOD_ROWS]
    rows[1][10] = "简" * 10_001
    for name, content in (("zones.csv", to_csv(rows)), ("zones.xlsx", to_xlsx(rows))):
        response = _upload(superuser_client, content, name)
        _refused(response, "第 3 行第 11 列", "每格 10000 个字")


def test_a_cell_past_the_csv_modules_own_limit_is_refused_the_same_way(superuser_client):
    content = to_csv([["园区", "江苏省", "", "", "", "", "", "", "", "", "a" * 200_000]])
    _refused(_upload(superuser_client, content, "zones.csv"), "每格 10000 个字")


def test_a_row_of_very_many_tiny_cells_is_refused(superuser_client):
    content = xlsx_with_wide_row(2_000_000)
    assert len(content) < 100 * 1024
    _refused(_upload(superuser_client, content, "zones.xlsx"), "有一行超过 1000 个单元格")


def test_scripts_importing_without_the_admin_have_the_same_limits():
    with pytest.raises(spreadsheets.Refused, match="5000 行"):
        import_spreadsheet(
            resource_class=ZoneResource, content=csv_of_rows(5001), file_format="csv"
        )
    assert Zone.objects.count() == 0


# Each hostile file is read in a fresh process: its peak resident size, unlike this one's,
# starts at Django's.
_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    import django
    django.setup()
    from editorial import spreadsheets
    formats = {"csv": spreadsheets.CSV, "xlsx": spreadsheets.XLSX}
    content = open(sys.argv[2], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        rows, message = formats[sys.argv[1]]().create_dataset(content).height, ""
    except spreadsheets.Refused as error:
        rows, message = None, str(error)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(json.dumps({"rows": rows, "message": message, "seconds": time.monotonic() - started,
                      "grown_mb": grown / 1024}))
    """
)


def _read_in_fresh_process(tmp_path, content: bytes, file_format: str) -> dict:
    path = tmp_path / f"upload.{file_format}"
    path.write_bytes(content)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, file_format, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("build", "file_format", "message"),
    [
        (lambda: xlsx_with_huge_cell(300 * MB), "xlsx", "解压后有 300 MB"),
        (lambda: xlsx_with_huge_cell(19 * MB), "xlsx", "每格 10000 个字"),
        (lambda: xlsx_with_wide_row(2_000_000), "xlsx", "1000 个单元格"),
        (lambda: csv_of_rows(200_000), "csv", "最大 10 MB"),
        (lambda: csv_of_rows(200_000, row_bytes=45), "csv", "超过 5000 行"),
    ],
    ids=["xlsx-300MB-cell", "xlsx-19MB-cell", "xlsx-wide-row", "csv-17MB", "csv-200k-rows"],
)
def test_reading_a_hostile_file_stays_small_and_quick(tmp_path, build, file_format, message):
    measured = _read_in_fresh_process(tmp_path, build(), file_format)
    assert measured["rows"] is None and message in measured["message"]
    assert measured["grown_mb"] < 100
    assert measured["seconds"] < 5


@pytest.mark.slow
def test_reading_a_file_at_the_limits_stays_under_200_mb(tmp_path):
    # 5,000 rows, each with a 简介 of about 2,000 characters: about 10 MB.
    content = csv_of_rows(5000, row_bytes=2000)
    assert len(content) < 10 * MB
    measured = _read_in_fresh_process(tmp_path, content, "csv")
    assert measured["rows"] == 5000
    assert measured["grown_mb"] < 200
