"""What an older reader on a phone sees: a mistyped captcha in 入会申请 keeps both scans
(listed, each with a box to untick), the captcha's 换一张 is a labelled button beside the
picture, the code on the done page copies with one tap, and every look-up leads to
找回编号."""

import os
from pathlib import Path

import pytest

from demo.pictures import demo_pdf
from membership.models import Application
from tests.browser.conftest import PHONE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("captcha_and_mailbox"),
]
SHOTS = Path(os.environ.get("SCREENSHOTS", "test-artifacts/screenshots"))


@pytest.fixture
def reader(browser, live_server):
    context = browser.new_context(
        viewport=PHONE,
        locale="zh-CN",
        base_url=live_server.url,
        is_mobile=True,
        has_touch=True,
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def fill_application(page):
    page.get_by_label("单位名称").fill("青湾经济技术开发区管理委员会")
    page.get_by_label("单位类型").select_option(label="开发区管委会")
    page.get_by_label("省份").select_option(label="福建省")
    page.get_by_label("城市").fill("青湾市")
    page.get_by_label("地址").fill("青湾市滨海大道 88 号")
    page.get_by_label("单位简介").fill(
        "青湾经济技术开发区设立于 1992 年，2011 年升级为国家级经济技术开发区，主导产业为装备制造。"
    )
    page.get_by_label("联系人").fill("林晓岚")
    page.get_by_label("职务").fill("办公室主任")
    page.get_by_label("电话").fill("0591-6000 2018")
    page.get_by_label("电子邮箱").fill("linxiaolan@example.org")
    page.get_by_label("我已阅读并同意", exact=False).check()


def test_a_mistyped_captcha_keeps_both_scans_and_the_code_copies(
    reader, tmp_path, assert_accessible
):
    approval, licence = tmp_path / "升级批复.pdf", tmp_path / "营业执照.pdf"
    approval.write_bytes(demo_pdf("Approval"))
    licence.write_bytes(demo_pdf("Licence"))
    reader.goto("/membership/apply/")
    fill_application(reader)
    reader.get_by_label("申请材料").set_input_files([str(approval), str(licence)])
    reader.get_by_label("验证码").fill("WRONG")
    reader.get_by_role("button", name="提交申请").click()

    # the captcha was wrong; both scans are kept and named
    assert "验证码不正确" in reader.locator("#form-errors").inner_text()
    kept = reader.locator(".kept-files")
    assert "已为您保留上次选择的 2 个文件" in kept.inner_text()
    assert reader.get_by_label("升级批复.pdf", exact=False).is_checked()
    assert reader.get_by_label("营业执照.pdf", exact=False).is_checked()
    assert reader.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # 换一张 is a visible, labelled button beside the picture, and it changes the picture
    refresh = reader.get_by_role("button", name="看不清？换一张")
    assert refresh.is_visible()
    box = refresh.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 100
    image = reader.locator(".captcha-image")
    before = image.get_attribute("src")
    refresh.click()
    reader.wait_for_function(
        "before => document.querySelector('.captcha-image').getAttribute('src') !== before",
        arg=before,
    )
    kept.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    reader.screenshot(path=str(SHOTS / "kept-files-390.png"), full_page=True)
    assert_accessible(reader)

    # only the captcha is typed again
    reader.get_by_label("验证码").fill("PASSED")
    reader.get_by_role("button", name="提交申请").click()
    reader.wait_for_url("**/membership/apply/done/")
    application = Application.objects.get()
    stored = {a.original_name: a.file.read() for a in application.attachments.all()}
    assert stored == {"升级批复.pdf": approval.read_bytes(), "营业执照.pdf": licence.read_bytes()}

    # the code copies with one tap
    copy = reader.get_by_role("button", name="复制编号")
    assert copy.is_visible()
    copy.click()
    reader.get_by_role("status").filter(has_text="编号已复制").wait_for()
    assert reader.evaluate("navigator.clipboard.readText()") == application.code
    reader.screenshot(path=str(SHOTS / "apply-done-390.png"), full_page=True)
    assert_accessible(reader)


@pytest.mark.parametrize(
    "lookup",
    ["/events/registration/", "/contribute/status/", "/membership/status/", "/messages/lookup/"],
)
def test_every_look_up_leads_to_recovering_a_code(page, lookup, assert_accessible):
    page.goto(lookup)
    page.get_by_role("link", name="找回编号").click()
    page.wait_for_url("**/codes/")
    page.get_by_label("当时填写的电子邮箱或电话").fill("nobody@example.com")
    page.get_by_role("button", name="发送编号到邮箱").click()
    assert "已收到您的请求" in page.get_by_role("status").inner_text()
    if lookup == "/events/registration/":
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(SHOTS / "codes-1280.png"), full_page=True)
        assert_accessible(page)
