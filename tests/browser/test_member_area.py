"""会员专区 in Chromium at 390 and 1,280 px, with axe: an invited contact sets a password
and signs in, reads a member-only notice, edits the entry; a publisher publishes the
change and readers see it; the certificate's page verifies the membership."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from associations.models import Industry, Zone
from membership import accounts
from membership.models import Member
from news.models import Article, Section
from portal.models import Page, SiteSettings
from tests.membership.test_member_registrations import event, register

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("captcha_and_mailbox"),
]
PASSWORD = "Lin-Xiaolan-2026-pw"
SHOTS = Path("/work/notes/shots")


def shot(page, name):
    if SHOTS.is_dir():
        width = page.viewport_size["width"]
        page.screenshot(path=SHOTS / f"member-{name}-{width}.png", full_page=True)


@pytest.fixture
def member_with_zone(db):
    site = SiteSettings.load()
    site.site_name = site.site_name or "中国开发区协会"
    site.save()
    today = timezone.localdate()
    for name in ("海洋装备", "电子信息", "生物医药"):
        Industry.objects.create(name=name)
    zone = Zone.objects.create(
        name="青湾经济技术开发区",
        province="福建省",
        city="青湾市",
        level=Zone.Level.NATIONAL,
        zone_type=Zone.Type.ECONOMIC,
        address="青湾市滨海大道 1 号",
        introduction="<p>青湾经济技术开发区设立于 1992 年。</p>",
    )
    return Member.objects.create(
        number="2026-0042",
        name="青湾经济技术开发区管理委员会",
        kind="zone",
        since=today - datetime.timedelta(days=30),
        valid_until=today + datetime.timedelta(days=335),
        zone=zone,
    )


def narrow_enough(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def set_password_and_sign_in(page, member, assert_accessible):
    """The invitation's link: set a password, then sign in with it."""
    accounts.invite_contact(member=member, name="林晓岚", email="lin@example.org", is_main=True)
    link = re.search(r"https?://\S+/member/password/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link[link.index("/member/") :])
    page.wait_for_url("**/member/password/**/set-password/")
    assert_accessible(page)
    narrow_enough(page)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="设置密码").click()
    page.wait_for_url("**/member/password/done/")
    page.goto("/member/")
    assert_accessible(page)
    page.locator("#id_username").fill("lin@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/member/home/")
    assert "2026-0042" in page.locator("main").inner_text()
    assert_accessible(page)
    narrow_enough(page)
    shot(page, "home")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_member_signs_in_reads_a_notice_edits_its_entry_and_a_publisher_publishes_it(
    browser,
    live_server,
    member_with_zone,
    staff_page,
    publisher,
    admin_login,
    assert_accessible,
    width,
):
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 500 else 900},
        locale="zh-CN",
        base_url=live_server.url,
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    section = Section.objects.create(name="协会通知", slug="notices-m", kind=Section.Kind.LIST)
    notice = Article.objects.create(
        title="关于征求会员意见的通知",
        section=section,
        summary="请各会员单位在月底前反馈意见。",
        body="<p>园区碳排放核算细则草案全文。</p>",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
        members_only=True,
    )
    finance = Page.objects.create(
        title="会员内部通报",
        slug="member-finance",
        summary="本年度协会财务情况通报。",
        body="<p>年度会费收支明细与下年度预算草案。</p>",
        members_only=True,
    )
    # a stranger sees the summary and the sign-in prompt
    page.goto(notice.get_absolute_url())
    assert "碳排放核算细则" not in page.content()
    assert "登录会员专区" in page.content()
    page.goto(finance.get_absolute_url())
    assert "会费收支明细" not in page.content() and "登录会员专区" in page.content()
    assert_accessible(page)
    narrow_enough(page)
    shot(page, "page-locked")

    meeting = event("开发区高质量发展研讨会", days=10)
    registration = register(meeting, "lin@example.org")

    set_password_and_sign_in(page, member_with_zone, assert_accessible)
    # 我的会籍 lists the contact's registration with its code, QR code and calendar file
    home = page.locator("main")
    assert registration.code in home.inner_text()
    assert home.get_by_role("img", name=f"签到二维码 {registration.code}").count() == 1
    assert home.get_by_role("link", name="加入日历（.ics）").get_attribute("href") == (
        f"/events/{meeting.pk}/calendar.ics"
    )

    # the member reads the whole notice, and the member-only page
    page.goto(notice.get_absolute_url())
    assert "园区碳排放核算细则草案全文" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(finance.get_absolute_url())
    assert "年度会费收支明细" in page.locator("main").inner_text()
    assert_accessible(page)

    # the member edits its entry: it waits for review
    page.goto("/member/home/")
    page.get_by_role("link", name="我的名录条目").click()
    page.wait_for_url("**/member/entry/")
    assert_accessible(page)
    narrow_enough(page)
    page.get_by_label("地址").fill("青湾市滨海大道 88 号创新大厦")
    page.get_by_label("简介").fill("青湾经济技术开发区设立于 1992 年。\n2011 年升级为国家级。")
    page.get_by_label("海洋装备").check()
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_url("**/member/entry/")
    assert "待审核" in page.locator(".entry-state").inner_text()
    assert_accessible(page)
    narrow_enough(page)
    shot(page, "entry-waiting")
    zone = member_with_zone.zone
    page.goto(zone.get_absolute_url())
    assert "创新大厦" not in page.locator("main").inner_text()  # readers: the live entry

    # a publisher compares and publishes it
    admin_login(staff_page, "publisher")
    assert "会员提交的名录修改" in staff_page.locator("#work-queues").inner_text()
    staff_page.goto(f"/admin/associations/zone/{zone.pk}/history/")
    if width > 500:
        staff_page.screenshot(path=SHOTS / "member-admin-history-1280.png", full_page=True)
    staff_page.get_by_role("button", name="发布修改稿").click()
    staff_page.wait_for_url(f"**/admin/associations/zone/{zone.pk}/history/")
    assert "已发布修改稿" in staff_page.locator(".messagelist").inner_text()

    page.goto(zone.get_absolute_url())
    main = page.locator("main").inner_text()
    assert "创新大厦" in main and "2011 年升级为国家级" in main and "海洋装备" in main
    page.goto("/member/entry/")
    assert "已发布" in page.locator(".entry-state").inner_text()
    shot(page, "entry-published")

    # the certificate's public page verifies the membership
    page.goto(f"/member/verify/{member_with_zone.verify_token}/")
    text = page.locator("main").inner_text()
    assert "2026-0042" in text and "有效" in text
    assert_accessible(page)
    narrow_enough(page)
    shot(page, "verify")
    context.close()
