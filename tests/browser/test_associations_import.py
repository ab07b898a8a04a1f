"""An editor imports a spreadsheet of zones through the admin in Chromium."""

import io

import openpyxl
import pytest

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ["名称", "省份", "城市", "级别", "类型", "主导产业"]


def xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return str(path)


def test_publisher_previews_fixes_and_imports_a_spreadsheet(page, publisher, admin_login, tmp_path):
    from associations.models import Zone

    admin_login(page, "publisher")
    page.goto("/admin/associations/zone/import/")
    bad = xlsx(
        tmp_path / "bad.xlsx",
        [
            ["合肥示例经济技术开发区", "安徽", "合肥市", "国家级", "经济技术开发区", "新能源汽车"],
            ["无名开发区", "江苏省", "", "县级", "其他", ""],
        ],
    )
    page.set_input_files("#id_import_file", bad)
    page.select_option("#id_format", label="xlsx")
    page.locator("#content input[type=submit]").click()
    errors = page.locator(".import-preview .validation-error-container")
    assert "无法识别的级别“县级”" in errors.inner_text()
    assert errors.is_visible()  # shown in place, not only on hover
    assert Zone.objects.count() == 0

    good = xlsx(
        tmp_path / "good.xlsx",
        [["合肥示例经济技术开发区", "安徽", "合肥市", "国家级", "经济技术开发区", "新能源汽车"]],
    )
    page.set_input_files("#id_import_file", good)
    page.select_option("#id_format", label="xlsx")
    page.locator("#content input[type=submit]").click()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/admin/associations/zone/")
    assert page.get_by_role("link", name="合肥示例经济技术开发区").is_visible()
    zone = Zone.objects.get()
    assert zone.province == "安徽省" and zone.is_published
