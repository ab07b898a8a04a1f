import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from associations.models import Association, Industry, Zone
from associations.resources import AssociationResource, ZoneResource
from associations.services import import_spreadsheet
from editorial.spreadsheets import row_problems

pytestmark = pytest.mark.django_db

HEADER = [
    "名称",
    "省份",
    "城市",
    "级别",
    "类型",
    "主导产业",
    "批准年份",
    "规划面积（平方公里）",
    "网站",
    "地址",
    "简介",
    "是否发布",
]
GOOD_ROWS = [
    [
        "苏州示例经济技术开发区",
        "江苏省",
        "苏州市",
        "国家级",
        "经济技术开发区",
        "电子信息、生物医药",
        "1994",
        "80.5",
        "https://example.org/sz/",
        "苏州市示例路 1 号",
        "第一段\n第二段",
        "是",
    ],
    [
        "成都示例高新技术产业开发区",
        "四川",
        "成都市",
        "国家级",
        "高新技术产业开发区",
        "电子信息",
        "1991",
        "130",
        "",
        "",
        "",
        "",
    ],
    [
        "南宁示例综合保税区",
        "广西",
        "南宁市",
        "省级",
        "海关特殊监管区域",
        "现代物流，跨境电商",
        "",
        "",
        "",
        "",
        "",
        "否",
    ],
]


def to_csv(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_import_creates_zones_with_industries_and_derived_region(superuser):
    result = import_spreadsheet(
        resource_class=ZoneResource, content=to_csv(GOOD_ROWS), file_format="csv", user=superuser
    )
    assert not result.has_errors() and not result.has_validation_errors(), row_problems(result)
    assert Zone.objects.count() == 3
    suzhou = Zone.objects.get(name="苏州示例经济技术开发区")
    assert suzhou.level == Zone.Level.NATIONAL and suzhou.region == "east"
    assert str(suzhou.planned_area) == "80.50" and suzhou.year_approved == 1994
    assert set(suzhou.industries.values_list("name", flat=True)) == {"电子信息", "生物医药"}
    assert suzhou.introduction == "<p>第一段</p><p>第二段</p>"
    assert suzhou.created_by == superuser
    chengdu = Zone.objects.get(name="成都示例高新技术产业开发区")
    assert chengdu.province == "四川省" and chengdu.region == "west"
    nanning = Zone.objects.get(name="南宁示例综合保税区")
    assert nanning.province == "广西壮族自治区" and not nanning.is_published
    assert set(nanning.industries.values_list("name", flat=True)) == {"现代物流", "跨境电商"}
    assert Industry.objects.count() == 4


def test_xlsx_import_works_the_same(superuser):
    result = import_spreadsheet(
        resource_class=ZoneResource, content=to_xlsx(GOOD_ROWS), file_format="xlsx", user=superuser
    )
    assert not result.has_validation_errors(), row_problems(result)
    assert Zone.objects.count() == 3
    assert Zone.objects.get(name="成都示例高新技术产业开发区").year_approved == 1991


def test_reimport_updates_instead_of_duplicating():
    import_spreadsheet(resource_class=ZoneResource, content=to_csv(GOOD_ROWS), file_format="csv")
    changed = [row[:] for row in GOOD_ROWS]
    changed[0][2] = "苏州市工业园区"
    changed[0][5] = "人工智能"
    result = import_spreadsheet(
        resource_class=ZoneResource, content=to_csv(changed), file_format="csv"
    )
    assert not result.has_validation_errors(), row_problems(result)
    assert Zone.objects.count() == 3
    suzhou = Zone.objects.get(name="苏州示例经济技术开发区")
    assert suzhou.city == "苏州市工业园区"
    assert list(suzhou.industries.values_list("name", flat=True)) == ["人工智能"]
    assert result.totals["update"] == 1 and result.totals["skip"] == 2


def test_one_bad_row_imports_nothing_and_names_the_row_and_reason():
    rows = [row[:] for row in GOOD_ROWS]
    rows[1][1] = "火星省"  # data row 2
    rows[2][3] = "市级"  # data row 3
    result = import_spreadsheet(
        resource_class=ZoneResource, content=to_csv(rows), file_format="csv"
    )
    assert result.has_validation_errors()
    assert Zone.objects.count() == 0
    assert Industry.objects.count() == 0
    problems = row_problems(result)
    assert any(p.startswith("第 2 行") and "无法识别的省份“火星省”" in p for p in problems), (
        problems
    )
    assert any(p.startswith("第 3 行") and "无法识别的级别“市级”" in p for p in problems), problems


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (0, "", "不能为空"),
        (6, "1900", "1978"),
        (6, "去年", "批准年份"),
        (8, "not a url", "网站：输入一个有效的 URL"),
        (11, "也许", "“是”或“否”"),
    ],
)
def test_row_errors_are_in_chinese(column, value, message):
    rows = [GOOD_ROWS[0][:]]
    rows[0][column] = value
    result = import_spreadsheet(
        resource_class=ZoneResource, content=to_csv(rows), file_format="csv"
    )
    problems = row_problems(result)
    assert problems and all(p.startswith("第 1 行") for p in problems)
    assert any(message in p for p in problems), problems
    assert Zone.objects.count() == 0


def test_association_import_matches_on_name_and_empty_province():
    header = ["名称", "类型", "省份", "联系人", "联系电话", "会员单位", "排序"]
    rows = [
        ["河南省开发区协会", "省级开发区协会", "河南省", "张先生", "0371-1234 5678", "是", "10"],
        ["智慧园区专业委员会", "专业委员会", "", "李女士", "", "否", ""],
    ]
    for _ in range(2):
        result = import_spreadsheet(
            resource_class=AssociationResource, content=to_csv(rows, header), file_format="csv"
        )
        assert not result.has_validation_errors(), row_problems(result)
    assert Association.objects.count() == 2
    henan = Association.objects.get(name="河南省开发区协会")
    assert henan.is_member and henan.region == "central" and henan.order == 10
    assert Association.objects.get(name="智慧园区专业委员会").order == 100


def test_admin_import_previews_then_confirms(superuser_client):
    url = reverse("admin:associations_zone_import")
    upload = io.BytesIO(to_csv(GOOD_ROWS))
    upload.name = "zones.csv"
    response = superuser_client.post(
        url,
        {"resource": 0, "format": 1, "import_file": upload},  # formats: 0 xlsx, 1 csv
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "苏州示例经济技术开发区" in html
    assert Zone.objects.count() == 0  # preview only
    confirm = response.context["confirm_form"]
    response = superuser_client.post(
        reverse("admin:associations_zone_process_import"), confirm.initial, follow=True
    )
    assert response.status_code == 200
    assert Zone.objects.count() == 3


def test_admin_import_preview_shows_row_errors_and_cannot_be_confirmed(superuser_client):
    rows = [row[:] for row in GOOD_ROWS]
    rows[1][4] = "保税区"
    upload = io.BytesIO(to_csv(rows))
    upload.name = "zones.csv"
    response = superuser_client.post(
        reverse("admin:associations_zone_import"),
        {"resource": 0, "format": 1, "import_file": upload},
    )
    html = response.content.decode()
    assert "无法识别的类型“保税区”" in html
    assert "只要有一行出错，整份文件都不会导入" in html
    assert response.context.get("confirm_form") is None
    assert Zone.objects.count() == 0


def test_admin_export_of_the_filtered_list(superuser_client, make_zone):
    make_zone(name="江苏导出区", province="江苏省")
    make_zone(name="四川导出区", province="四川省")
    url = reverse("admin:associations_zone_export") + "?province__exact=%E6%B1%9F%E8%8B%8F%E7%9C%81"
    response = superuser_client.post(
        url,
        {
            "format": 1,
            "resource": 0,
            **{f"zoneresource_{f}": "on" for f in ZoneResource.Meta.fields},
        },
    )
    assert response.status_code == 200, response.content.decode()[:500]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("名称,省份,城市,级别,类型")
    assert "江苏导出区" in text and "四川导出区" not in text
    assert "国家级" in text and "经济技术开发区" in text


@pytest.mark.parametrize(("file_format", "index"), [("xlsx", 0), ("csv", 1)])
def test_export_neutralises_formulas_and_the_file_imports_back_unchanged(
    superuser_client, make_association, file_format, index
):
    association = make_association(
        name='=HYPERLINK("http://evil.example/","协会")',
        phone="+86-571-8888 0000",
        contact="@秘书处",
        address="＝示例路 1 号",
    )
    response = superuser_client.post(
        reverse("admin:associations_association_export"),
        {
            "format": index,
            "resource": 0,
            **{f"associationresource_{f}": "on" for f in AssociationResource.Meta.fields},
        },
    )
    assert response.status_code == 200
    if file_format == "csv":
        assert response.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["名称"] == '\'=HYPERLINK("http://evil.example/","协会")'
    assert (row["联系电话"], row["联系人"], row["地址"]) == (
        "'+86-571-8888 0000",
        "'@秘书处",
        "'＝示例路 1 号",
    )
    result = import_spreadsheet(
        resource_class=AssociationResource, content=response.content, file_format=file_format
    )
    assert not result.has_validation_errors(), row_problems(result)
    assert result.totals["skip"] == 1 and Association.objects.count() == 1
    association.refresh_from_db()
    assert association.phone == "+86-571-8888 0000" and association.contact == "@秘书处"


def test_exported_file_imports_back_without_changes(make_zone, make_industry):
    make_zone(name="往返测试区", industries=[make_industry(name="新材料")])
    dataset = ZoneResource().export()
    result = import_spreadsheet(
        resource_class=ZoneResource, content=dataset.csv.encode(), file_format="csv"
    )
    assert not result.has_validation_errors(), row_problems(result)
    assert result.totals["skip"] == 1
    assert Zone.objects.count() == 1


def admin_preview(client, rows, *, model="zone", header=HEADER):
    """Uploads `rows` as CSV to the admin's import page (the preview)."""
    upload = io.BytesIO(to_csv(rows, header))
    upload.name = f"{model}s.csv"
    return client.post(
        reverse(f"admin:associations_{model}_import"),
        {"resource": 0, "format": 1, "import_file": upload},  # formats: 0 xlsx, 1 csv
    )


def admin_confirm(client, preview, *, model="zone"):
    """Presses 确认导入 on a preview page."""
    return client.post(
        reverse(f"admin:associations_{model}_process_import"),
        preview.context["confirm_form"].initial,
        follow=True,
    )


@pytest.fixture
def known_industries(make_industry):
    """The industries GOOD_ROWS name: 编辑 pick existing industries and create none."""
    for name in ("电子信息", "生物医药", "现代物流", "跨境电商"):
        make_industry(name=name)


def test_editor_imports_new_rows_as_drafts_and_updates_drafts(
    client, editor, reader, known_industries
):
    client.force_login(editor)
    preview = admin_preview(client, GOOD_ROWS)
    assert "已发布的条目只有审核发布人员可以修改" in preview.content.decode()
    admin_confirm(client, preview)
    assert Zone.objects.count() == 3
    assert not Zone.objects.filter(is_published=True).exists()

    rows = [row[:] for row in GOOD_ROWS]
    rows[0][2] = "苏州市工业园区"
    admin_confirm(client, admin_preview(client, rows))
    suzhou = Zone.objects.get(name="苏州示例经济技术开发区")
    assert suzhou.city == "苏州市工业园区" and not suzhou.is_published
    assert "苏州示例经济技术开发区" not in reader.get("/zones/").content.decode()


def test_editor_import_refuses_a_row_that_changes_a_live_entry_and_imports_nothing(
    client, editor, reader, make_zone, known_industries
):
    live = make_zone(
        name="苏州示例经济技术开发区", province="江苏省", website="https://www.sipac.gov.cn/"
    )
    rows = [row[:] for row in GOOD_ROWS]
    rows[0][8] = "https://evil.example/phish"
    client.force_login(editor)
    preview = admin_preview(client, rows)
    assert "“苏州示例经济技术开发区”已发布，只有审核发布人员可以修改已发布的条目" in (
        preview.content.decode()
    )
    assert preview.context.get("confirm_form") is None
    result = import_spreadsheet(
        resource_class=ZoneResource, content=to_csv(rows), file_format="csv", user=editor
    )
    assert row_problems(result) == [
        "第 1 行：名称：“苏州示例经济技术开发区”已发布，只有审核发布人员可以修改已发布的条目。"
    ]
    assert list(Zone.objects.all()) == [live]
    live.refresh_from_db()
    assert live.website == "https://www.sipac.gov.cn/" and live.is_published
    assert "evil.example" not in reader.get(live.get_absolute_url()).content.decode()


def test_editor_import_skips_live_rows_it_does_not_change(editor, make_zone, make_industry):
    live = make_zone(name="往返测试区", industries=[make_industry(name="新材料")])
    dataset = ZoneResource().export()
    dataset.append(["编辑新增开发区", "河南省", "郑州市", "省级", "其他", "新材料"] + [""] * 6)
    result = import_spreadsheet(
        resource_class=ZoneResource, content=dataset.csv.encode(), file_format="csv", user=editor
    )
    assert not result.has_validation_errors(), row_problems(result)
    assert result.totals["skip"] == 1 and result.totals["new"] == 1
    assert set(Zone.objects.filter(is_published=True)) == {live}


def test_editor_import_refuses_industries_that_do_not_exist(client, editor, make_industry):
    make_industry(name="电子信息")
    client.force_login(editor)
    preview = admin_preview(client, GOOD_ROWS[:2])
    assert preview.context.get("confirm_form") is None
    assert "主导产业“生物医药”不在已有的产业中" in preview.content.decode()
    assert Zone.objects.count() == 0
    assert list(Industry.objects.values_list("name", flat=True)) == ["电子信息"]


def test_an_entry_published_after_the_preview_is_refused_when_the_editor_confirms(
    client, editor, make_zone, known_industries
):
    draft = make_zone(name="苏州示例经济技术开发区", province="江苏省", is_published=False)
    client.force_login(editor)
    preview = admin_preview(client, GOOD_ROWS)
    Zone.objects.filter(pk=draft.pk).update(is_published=True)  # a publisher, meanwhile
    response = admin_confirm(client, preview)
    assert response.redirect_chain[-1][0] == reverse("admin:associations_zone_import")
    html = response.content.decode()
    assert "第 1 行：名称：“苏州示例经济技术开发区”已发布" in html
    assert "没有导入任何一行" in html
    assert list(Zone.objects.all()) == [draft]
    draft.refresh_from_db()
    assert draft.city == "南京市"


def test_publisher_import_changes_and_withdraws_live_entries(client, publisher, make_zone):
    live = make_zone(name="苏州示例经济技术开发区", province="江苏省")
    rows = [row[:] for row in GOOD_ROWS]
    rows[0][2] = "苏州市工业园区"
    rows[0][11] = "否"
    client.force_login(publisher)
    admin_confirm(client, admin_preview(client, rows))
    live.refresh_from_db()
    assert live.city == "苏州市工业园区" and not live.is_published
    assert Zone.objects.filter(is_published=True).count() == 1  # 成都 (empty = 是)
    assert Industry.objects.count() == 4  # publishers may add industries


def test_editor_import_of_associations_follows_the_same_rule(client, editor, make_association):
    make_association(name="河南省开发区协会", province="河南省", contact="张先生")
    header = ["名称", "类型", "省份", "联系人"]
    rows = [
        ["河南省开发区协会", "省级开发区协会", "河南省", "李先生"],
        ["智慧园区专业委员会", "专业委员会", "", "王女士"],
    ]
    client.force_login(editor)
    preview = admin_preview(client, rows, model="association", header=header)
    assert "“河南省开发区协会”已发布" in preview.content.decode()
    assert preview.context.get("confirm_form") is None
    assert Association.objects.count() == 1

    preview = admin_preview(client, rows[1:], model="association", header=header)
    admin_confirm(client, preview, model="association")
    committee = Association.objects.get(name="智慧园区专业委员会")
    assert not committee.is_published


def test_editor_import_refuses_a_row_that_changes_an_entry_waiting_for_review(
    editor, make_zone, known_industries
):
    """What was submitted (提交审核) is what the publisher reviews: an import is no way
    around it."""
    waiting = make_zone(
        name="苏州示例经济技术开发区",
        province="江苏省",
        website="https://www.sipac.gov.cn/",
        is_published=False,
    )
    Zone.objects.filter(pk=waiting.pk).update(review_requested_at=timezone.now())
    rows = [row[:] for row in GOOD_ROWS[:1]]
    rows[0][8], rows[0][11] = "https://evil.example/phish", "否"
    result = import_spreadsheet(
        resource_class=ZoneResource, content=to_csv(rows), file_format="csv", user=editor
    )
    assert row_problems(result) == [
        "第 1 行：名称：“苏州示例经济技术开发区”已提交审核，只有审核发布人员可以修改待审核的条目。"
    ]
    waiting.refresh_from_db()
    assert waiting.website == "https://www.sipac.gov.cn/"
