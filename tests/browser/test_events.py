"""Events in Chromium: a reader registers on a phone and gets the QR code; staff check
the registration in at the door; every new page passes axe."""

import io
import re

import pytest
from django.core.management import call_command

from demo import events as events_demo
from events.models import Event, Registration

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("captcha_and_mailbox"),
]

OPEN = "2026年全国开发区招商引资专题培训班"


def text_lines(cell) -> int:
    """How many lines the cell's text takes (its text's own boxes, padding aside)."""
    return cell.evaluate(
        """td => {
            const range = document.createRange();
            range.selectNodeContents(td);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return tops.size;
        }"""
    )


@pytest.fixture
def demo(live_server):
    # Only this app's demo: the test must not depend on what other apps load.
    call_command("init_site", stdout=io.StringIO())
    events_demo.load(io.StringIO())


def test_reader_registers_at_phone_width_and_gets_the_qr_code(phone_page, demo, assert_accessible):
    page = phone_page
    page.goto("/events/")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name=OPEN).click()
    page.wait_for_url(re.compile(r"/events/\d+/$"))
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("姓名").fill("赵文静")
    page.get_by_label("单位").fill("合肥高新技术产业开发区管委会")
    page.get_by_label("职务").fill("投资促进局科长")
    page.get_by_label("手机号码").fill("139 1234 5678")
    page.get_by_label("电子邮箱").fill("zhaowenjing@example.com")
    page.get_by_label("验证码").fill("PASSED")
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url("**/events/registration/done/")
    assert "报名成功" in page.locator("h1").inner_text()
    code = page.locator("#ref-code").inner_text().strip()
    registration = Registration.objects.get(code=code)
    assert registration.status == Registration.Status.CONFIRMED
    qr = page.locator(".checkin-qr svg")
    qr.wait_for()
    box = qr.bounding_box()
    assert box["width"] >= 150 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # The code itself fills its box (the SVG has a viewBox), not a corner of it.
    assert qr.get_attribute("viewBox")
    drawn = qr.locator("path").bounding_box()
    assert drawn["width"] >= 0.8 * box["width"] and drawn["height"] >= 0.8 * box["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)

    page.goto("/events/registration/")
    page.get_by_label("报名编号").first.fill(code.lower())
    page.get_by_label("报名时填写的电子邮箱或手机号码").fill("13912345678")
    page.get_by_role("button", name="查询", exact=True).click()
    page.locator(".lookup-result .checkin-qr svg").wait_for()
    assert_accessible(page)


def test_staff_check_the_registration_in(
    page, staff_page, demo, editor, admin_login, assert_accessible
):
    event = Event.objects.get(title=OPEN)
    registration = Registration.objects.create(
        event=event,
        code="BM-K7Q3X-M8PZ2-HT4RW",
        name="孙立新",
        unit="西安经济技术开发区管委会",
        phone="13700001111",
        email="sunlixin@example.com",
        status=Registration.Status.CONFIRMED,
    )
    # the registrant opening their own code sees only what to do with it
    page.goto(registration.get_checkin_url())
    assert "请向工作人员出示" in page.locator("h1").inner_text()
    assert "孙立新" not in page.content()
    assert_accessible(page)

    admin_login(staff_page, "editor")
    staff_page.goto(registration.get_checkin_url())
    assert "孙立新" in staff_page.locator(".checkin-name").inner_text()
    assert_accessible(staff_page)
    # The event is 12 days away: the page warns, and 确认签到 needs the box ticked.
    assert "提前签到提醒" in staff_page.locator(".checkin-early").inner_text()
    staff_page.get_by_role("button", name="确认签到").click()
    assert staff_page.get_by_label("确认提前签到").evaluate("box => !box.validity.valid")
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    staff_page.get_by_label("确认提前签到").check()
    staff_page.get_by_role("button", name="确认签到").click()
    staff_page.locator(".checkin-result").filter(has_text="签到成功").wait_for()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None

    staff_page.goto(registration.get_checkin_url())  # a second scan
    assert "已签到过" in staff_page.locator(".checkin-result").inner_text()
    assert staff_page.get_by_role("button", name="确认签到").count() == 0

    staff_page.get_by_role("link", name="返回到场名单").click()
    staff_page.wait_for_url(f"**/events/{event.pk}/arrivals/")
    assert "孙立新" in staff_page.locator("table").inner_text()
    assert_accessible(staff_page)
    # a code typed by hand at the door
    other = Registration.objects.filter(event=event).exclude(pk=registration.pk).first()
    staff_page.get_by_label("报名编号").first.fill(other.code)
    staff_page.get_by_role("button", name="查找并签到").click()
    staff_page.wait_for_url(f"**{other.get_checkin_url()}")
    staff_page.get_by_label("确认提前签到").check()
    staff_page.get_by_role("button", name="确认签到").click()
    staff_page.locator(".checkin-result").wait_for()
    staff_page.goto(f"/events/{event.pk}/arrivals/")
    assert "已签到 2 人" in staff_page.locator(".arrival-counts").inner_text()


def test_door_staff_on_a_phone_find_someone_by_name_and_read_the_arrivals(
    phone_page, demo, editor, admin_login, assert_accessible
):
    event = Event.objects.get(title=OPEN)
    unit = "苏州工业园区管理委员会经济发展局"
    person, waiting = (
        Registration.objects.create(
            event=event,
            code=f"BM-{first}7Q3X-M8PZ2-HT4RW",
            name=name,
            unit=unit,
            phone=f"1391234000{n}",
            email=f"person{n}@example.com",
            status=status,
        )
        for n, (first, name, status) in enumerate(
            [("K", "欧阳建华", "confirmed"), ("W", "候补者", "waiting")]
        )
    )
    page = phone_page
    admin_login(page, "editor")
    page.goto(f"/events/{event.pk}/arrivals/")
    page.get_by_label("姓名或手机号码").fill("建华")
    page.get_by_role("button", name="查找报名者").click()
    page.wait_for_url("**q=**")
    row = page.locator("table tr", has_text="欧阳建华")
    assert row.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    # 单位 reads as a line of text, not one character per line.
    assert text_lines(row.locator("td", has_text=unit)) <= 2
    row.get_by_role("link", name="打开签到页").click()
    page.wait_for_url(f"**{person.get_checkin_url()}")
    page.get_by_label("确认提前签到").check()
    page.get_by_role("button", name="确认签到").click()
    page.locator(".checkin-result").filter(has_text="签到成功").wait_for()

    page.goto(f"/events/{event.pk}/arrivals/")
    assert (
        text_lines(page.locator("table tr", has_text="欧阳建华").locator("td", has_text=unit)) <= 2
    )

    # A waiting-list code explains what 候补 means and what to do at the door.
    page.goto(waiting.get_checkin_url())
    explanation = page.locator(".checkin-waiting").inner_text()
    assert "候补的意思是" in explanation and "现场怎么办" in explanation
    assert page.get_by_role("button", name="确认签到").count() == 0
    assert_accessible(page)


def test_every_event_page_passes_axe_on_desktop(
    page, staff_page, demo, admin_login, django_user_model, assert_accessible
):
    for event in Event.objects.all():
        page.goto(event.get_absolute_url())
        assert_accessible(page)
    page.goto(Event.objects.get(title=OPEN).get_absolute_url())
    page.get_by_role("button", name="提交报名").click()  # everything left empty
    page.locator("#form-errors").wait_for()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert_accessible(page)
    page.goto("/")
    page.locator("#home-events").wait_for()
    assert_accessible(page)
    page.goto("/events/registration/")
    page.get_by_role("button", name="查询", exact=True).click()
    page.locator(".form-errors").first.wait_for()
    assert_accessible(page)

    django_user_model.objects.create_user("clerk", password="pass-for-tests-123", is_staff=True)
    admin_login(staff_page, "clerk")
    registration = Registration.objects.filter(status="confirmed").first()
    response = staff_page.goto(registration.get_checkin_url())
    assert response.status == 403
    assert "您没有签到权限" in staff_page.locator("h1").inner_text()
    assert_accessible(staff_page)
