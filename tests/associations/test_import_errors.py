"""Spreadsheet import errors an editor can act on: files saved by Excel or WPS in
GBK/GB18030 or UTF-8 with a BOM are read, wrong headers are explained in Chinese, a
template can be downloaded, and empty cells preview as empty."""

import io

import pytest
from django.urls import reverse

from associations.models import Zone
from tests.associations.test_import_export import GOOD_ROWS, HEADER, to_csv, to_xlsx

pytestmark = pytest.mark.django_db


def _csv(rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    return to_csv(rows, header).decode("utf-8-sig").encode(encoding)


def _preview(client, content: bytes, name="zones.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    file_format = 0 if name.endswith(".xlsx") else 1  # the admin's formats: xlsx, csv
    return client.post(
        reverse("admin:associations_zone_import"),
        {"resource": 0, "format": file_format, "import_file": upload},
    )


def _xlsx_with_empty_cells(rows) -> bytes:
    return to_xlsx([[None if value == "" else value for value in row] for row in rows])


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_saved_by_excel_or_wps_in_any_chinese_encoding_imports(superuser_client, encoding):
    response = _preview(superuser_client, _csv(GOOD_ROWS, encoding=encoding))
    assert response.status_code == 200
    html = response.content.decode()
    assert "苏州示例经济技术开发区" in html
    confirm = response.context["confirm_form"]
    superuser_client.post(reverse("admin:associations_zone_process_import"), confirm.initial)
    assert set(Zone.objects.values_list("name", flat=True)) == {row[0] for row in GOOD_ROWS}


def test_wrong_headers_are_explained_in_chinese_without_a_traceback(superuser_client):
    header = ["名字", *HEADER[1:]]
    response = _preview(superuser_client, _csv(GOOD_ROWS, header=header), "zones.csv")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Traceback" not in html and "Error" not in html
    assert "缺少列“名称”" in html
    assert "无法识别的列“名字”" in html
    assert Zone.objects.count() == 0


def test_a_file_in_an_unknown_encoding_is_refused_in_chinese(superuser_client):
    response = _preview(superuser_client, b"\xff\xfe\x00\xd8" * 50)
    html = response.content.decode()
    assert "无法读取这个文件" in html and "Error" not in html
    assert Zone.objects.count() == 0


def test_the_import_template_has_the_expected_header_and_imports_empty(superuser_client):
    import openpyxl

    page = superuser_client.get(reverse("admin:associations_zone_import")).content.decode()
    url = reverse("admin:associations_zone_import_template")
    assert f'href="{url}"' in page and "下载导入模板" in page
    response = superuser_client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet.max_row == 1


def test_an_editor_without_import_rights_gets_no_template(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)
    response = client.get(reverse("admin:associations_zone_import_template"))
    assert response.status_code == 403


def test_empty_cells_preview_as_empty_not_none(superuser_client):
    response = _preview(superuser_client, _xlsx_with_empty_cells(GOOD_ROWS), "zones.xlsx")
    html = response.content.decode()
    assert "成都示例高新技术产业开发区" in html
    assert response.context["confirm_form"] is not None
    assert "<td>None</td>" not in html and ">None<" not in html


def test_empty_cells_in_a_row_with_errors_show_empty_not_none(superuser_client):
    rows = [row[:] for row in GOOD_ROWS]
    rows[1][4] = "保税区"
    response = _preview(superuser_client, _xlsx_with_empty_cells(rows), "zones.xlsx")
    html = response.content.decode()
    assert "无法识别的类型“保税区”" in html
    assert ">None<" not in html


def test_an_unknown_column_is_ignored_listed_in_the_preview_and_the_import_goes_on(
    superuser_client,
):
    """A real zone list carries a 地区 column the import does not know."""
    rows = [[*row, "华东"] for row in GOOD_ROWS]
    response = _preview(superuser_client, _csv(rows, header=[*HEADER, "地区"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "以下列无法识别，已忽略，不会导入：“地区”" in html
    assert "苏州示例经济技术开发区" in html
    confirm = response.context["confirm_form"]
    superuser_client.post(reverse("admin:associations_zone_process_import"), confirm.initial)
    assert set(Zone.objects.values_list("name", flat=True)) == {row[0] for row in GOOD_ROWS}
