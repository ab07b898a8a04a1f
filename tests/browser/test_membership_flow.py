"""Membership applications end to end in Chromium: an applicant on a phone, the office
asking for more material and approving, a publisher putting the unit in the directory."""

import pytest

from associations.models import Zone
from demo.pictures import demo_pdf
from membership.models import Application

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("captcha_and_mailbox"),
]


def apply_on_a_phone(phone_page, pdf_path, assert_accessible) -> str:
    phone_page.goto("/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.locator("footer").get_by_role("link", name="入会申请").click()
    phone_page.wait_for_url("**/membership/apply/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
    rules = phone_page.get_by_role("link", name="《会员管理办法》").last
    assert rules.get_attribute("href") == "/pages/membership-rules/"
    phone_page.get_by_label("单位名称").fill("青湾经济技术开发区管理委员会")
    phone_page.get_by_label("单位类型").select_option(label="开发区管委会")
    phone_page.get_by_label("省份").select_option(label="福建省")
    phone_page.get_by_label("城市").fill("青湾市")
    phone_page.get_by_label("地址").fill("青湾市滨海大道 88 号")
    phone_page.get_by_label("单位简介").fill(
        "青湾经济技术开发区设立于 1992 年，2011 年升级为国家级经济技术开发区，主导产业为装备制造。"
    )
    phone_page.get_by_label("联系人").fill("林晓岚")
    phone_page.get_by_label("职务").fill("办公室主任")
    phone_page.get_by_label("电话").fill("0591-6000 2018")
    phone_page.get_by_label("电子邮箱").fill("linxiaolan@example.org")
    phone_page.get_by_label("申请材料").set_input_files(str(pdf_path))
    phone_page.get_by_label("我已阅读并同意", exact=False).check()
    phone_page.get_by_label("验证码").fill("PASSED")
    phone_page.get_by_role("button", name="提交申请").click()
    phone_page.wait_for_url("**/membership/apply/done/")
    code = phone_page.locator("#ref-code").inner_text().strip()
    assert code.startswith("RH-")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
    return code


def look_up(page, code):
    page.goto("/membership/status/")
    page.get_by_label("申请编号").first.fill(code)
    page.get_by_label("申请时填写的电子邮箱或电话").fill("0591-60002018")
    page.get_by_role("button", name="查询", exact=True).click()
    return page.locator(".lookup-result")


def test_applicant_applies_office_asks_for_more_approves_and_the_unit_is_published(
    phone_page, page, staff_page, publisher, admin_login, assert_accessible, tmp_path
):
    pdf = tmp_path / "国家级经开区批复.pdf"
    pdf.write_bytes(demo_pdf("Approval"))
    code = apply_on_a_phone(phone_page, pdf, assert_accessible)

    # the office asks for more material
    admin_login(staff_page, "publisher")
    staff_page.goto("/admin/membership/application/")
    staff_page.get_by_role("link", name="青湾经济技术开发区管理委员会").click()
    with staff_page.expect_download() as download_info:
        staff_page.get_by_role("link", name="国家级经开区批复.pdf").first.click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    staff_page.locator("#id_status").select_option(label="需补充材料")
    staff_page.locator("#id_reviewer_note").fill("请补充加盖公章的升级批复文件。")
    staff_page.get_by_role("button", name="保存", exact=True).click()
    staff_page.locator(".messagelist .success").wait_for()

    # the applicant sees the note
    result = look_up(phone_page, code)
    assert "需补充材料" in result.inner_text()
    assert "请补充加盖公章的升级批复文件。" in result.inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)

    # the office approves: the zone is listed, unpublished, with a member number
    staff_page.goto("/admin/membership/application/")
    staff_page.get_by_role("link", name="青湾经济技术开发区管理委员会").click()
    staff_page.get_by_role("link", name="批准入会").click()
    assert staff_page.get_by_label("名录中的名称").input_value() == "青湾经济技术开发区"
    staff_page.get_by_label("开发区级别").select_option(label="国家级")
    assert staff_page.get_by_label("开发区类型").input_value() == "economic"
    staff_page.get_by_label("给申请单位的说明").fill("欢迎加入协会。")
    staff_page.get_by_role("button", name="批准入会").click()
    success = staff_page.locator(".messagelist .success")
    assert "会员编号" in success.inner_text() and "尚未发布" in success.inner_text()
    application = Application.objects.get()
    assert application.status == Application.Status.APPROVED
    zone = Zone.objects.get()
    assert not zone.is_published and zone.member_number == application.member_number

    page.goto("/zones/")
    assert "青湾经济技术开发区" not in page.locator("main").inner_text()

    # a publisher publishes the entry from the directory
    staff_page.get_by_role("link", name="开发区：青湾经济技术开发区").click()
    staff_page.locator("#id_is_published").check()
    staff_page.get_by_role("button", name="保存", exact=True).click()
    staff_page.locator(".messagelist .success").wait_for()

    page.goto("/zones/")
    page.get_by_role("link", name="青湾经济技术开发区").click()
    assert "青湾经济技术开发区" in page.locator("h1").inner_text()
    result = look_up(page, code)
    assert application.member_number in result.inner_text()
    assert "欢迎加入协会。" in result.inner_text()
    assert result.get_by_role("link", name="已在开发区名录中公布，点此查看").is_visible()
    assert_accessible(page)


def test_form_errors_are_announced_and_what_was_typed_stays(page, assert_accessible):
    page.goto("/membership/apply/")
    assert_accessible(page)
    page.get_by_label("单位名称").fill("<script>window.__xss=1</script>")
    page.get_by_label("验证码").fill("PASSED")
    page.get_by_role("button", name="提交申请").click()
    errors = page.locator(".form-errors")
    assert "请不要输入 HTML 标记或脚本代码" in errors.inner_text()
    assert "请上传至少一个申请材料" in errors.inner_text()
    assert "请阅读并勾选同意《会员管理办法》" in errors.inner_text()
    assert page.get_by_label("单位名称").input_value() == "<script>window.__xss=1</script>"
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert_accessible(page)
    page.goto("/membership/status/")
    assert_accessible(page)
    page.get_by_label("申请编号").first.fill("RH-AAAAA-BBBBB-CCCCC-DDDDD")
    page.get_by_label("申请时填写的电子邮箱或电话").fill("nobody@example.org")
    page.get_by_role("button", name="查询", exact=True).click()
    assert "没有查到相符的申请" in page.locator("[role=alert]").inner_text()
    assert_accessible(page)
