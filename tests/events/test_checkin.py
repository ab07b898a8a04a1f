"""Check-in: the QR code's page does nothing for visitors and for staff without the
permission; staff holding it check a confirmed registration in, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_event):
    """An event starting in two hours: check-in is open without any warning."""
    return make_event(starts_at=timezone.now() + timedelta(hours=2))


@pytest.fixture
def registration(event, make_registration):
    return make_registration(event, name="李建国", unit="天津经济技术开发区")


def test_a_visitor_sees_only_show_it_to_staff(reader, registration):
    response = reader.get(registration.get_checkin_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "请向工作人员出示" in html
    assert "李建国" not in html and "天津经济技术开发区" not in html
    assert reader.post(registration.get_checkin_url()).status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_staff_without_the_permission_are_refused_and_nothing_changes(
    client, registration, django_user_model
):
    user = django_user_model.objects.create_user("clerk", password="x-123-pass", is_staff=True)
    client.force_login(user)
    for method in (client.get, client.post):
        response = method(registration.get_checkin_url())
        assert response.status_code == 403
        assert "您没有签到权限" in response.content.decode()
        assert "李建国" not in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_a_get_shows_who_it_is_and_checks_nobody_in(client, checkin_staff, registration):
    client.force_login(checkin_staff)
    html = client.get(registration.get_checkin_url()).content.decode()
    assert "李建国" in html and "确认签到" in html
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_is_idempotent_and_the_second_scan_says_when(client, checkin_staff, registration):
    client.force_login(checkin_staff)
    first = client.post(registration.get_checkin_url())
    assert first.status_code == 200
    assert "签到成功：李建国" in first.content.decode()
    registration.refresh_from_db()
    when = registration.checked_in_at
    assert when is not None and registration.checked_in_by == checkin_staff

    second = client.post(registration.get_checkin_url())
    html = second.content.decode()
    assert second.status_code == 200
    local = timezone.localtime(when)
    assert f"已签到过：李建国 已于 {local.month}月{local.day}日 {local:%H:%M} 签到" in html
    registration.refresh_from_db()
    assert registration.checked_in_at == when
    again = client.get(registration.get_checkin_url()).content.decode()
    assert "已签到过" in again and "确认签到</button>" not in again


@pytest.mark.parametrize("status", ["waiting", "cancelled"])
def test_only_a_confirmed_registration_can_be_checked_in(
    client, checkin_staff, event, make_registration, status
):
    registration = make_registration(event, status=status)
    client.force_login(checkin_staff)
    response = client.post(registration.get_checkin_url())
    assert response.status_code == 409
    assert "不能签到" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_an_unknown_or_malformed_code_is_a_404_for_staff(client, checkin_staff):
    client.force_login(checkin_staff)
    assert client.get("/events/checkin/BM-22222-22222-22222/").status_code == 404
    response = client.get("/events/checkin/nonsense/")
    assert response.status_code == 404
    assert "报名编号格式不正确" in response.content.decode()


def test_a_checked_in_registration_cannot_be_cancelled(client, checkin_staff, registration):
    client.force_login(checkin_staff)
    client.post(registration.get_checkin_url())
    client.logout()
    response = client.post(
        "/events/registration/",
        {"code": registration.code, "contact": registration.email, "cancel": "1"},
    )
    assert response.status_code == 409
    assert "已签到的报名不能取消" in response.content.decode()


def test_arrivals_list_newest_first_with_counts(client, checkin_staff, event, make_registration):
    first = make_registration(event, name="先到的人")
    second = make_registration(event, name="后到的人")
    make_registration(event, name="还没到的人")
    client.force_login(checkin_staff)
    client.post(first.get_checkin_url())
    client.post(second.get_checkin_url())
    html = client.get(f"/events/{event.pk}/arrivals/").content.decode()
    assert "已签到 <strong>2</strong> 人 / 已确认 3 人" in html
    assert html.index("后到的人") < html.index("先到的人")
    assert "还没到的人" not in html


def test_a_code_typed_on_the_arrivals_page_opens_its_check_in(client, checkin_staff, registration):
    client.force_login(checkin_staff)
    url = f"/events/{registration.event_id}/arrivals/"
    response = client.get(url, {"code": registration.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == registration.get_checkin_url()
    bad = client.get(url, {"code": "abc"})
    assert bad.status_code == 400 and "报名编号格式不正确" in bad.content.decode()


def test_arrivals_are_for_staff_with_the_permission_only(client, event, django_user_model):
    url = f"/events/{event.pk}/arrivals/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    user = django_user_model.objects.create_user("clerk", password="x-123-pass", is_staff=True)
    client.force_login(user)
    assert client.get(url).status_code == 403


def test_both_roles_may_check_in_and_only_publishers_cancel_in_the_admin(editor, publisher):
    for user in (editor, publisher):
        assert user.has_perm("events.checkin_registration")
    assert not editor.has_perm("events.change_registration")
    assert publisher.has_perm("events.change_registration")
    assert not editor.has_perm("events.add_registration")
    assert not publisher.has_perm("events.delete_registration")


def test_admin_action_checks_in_confirmed_ones_only(client, editor, event, make_registration):
    confirmed = make_registration(event)
    waiting = make_registration(event, status=Registration.Status.WAITING)
    client.force_login(editor)
    response = client.post(
        "/admin/events/registration/",
        {"action": "check_in_selected", "_selected_action": [confirmed.pk, waiting.pk]},
        follow=True,
    )
    assert "已签到 1 人。1 条未签到：不是已确认的报名" in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.checked_in_by == editor


def test_admin_action_does_not_check_in_days_before_the_event(
    client, editor, make_event, make_registration
):
    early = make_registration(make_event(starts_at=timezone.now() + timedelta(days=5)))
    client.force_login(editor)
    response = client.post(
        "/admin/events/registration/",
        {"action": "check_in_selected", "_selected_action": [early.pk]},
        follow=True,
    )
    assert "已签到 0 人。1 条未签到" in response.content.decode()
    assert "提前签到请在签到页勾选确认" in response.content.decode()
    early.refresh_from_db()
    assert early.checked_in_at is None


def test_check_in_twelve_days_early_asks_for_confirmation_first(
    client, checkin_staff, make_event, make_registration
):
    starts = timezone.now() + timedelta(days=12, hours=3)
    early = make_registration(make_event(starts_at=starts), name="王早到")
    client.force_login(checkin_staff)
    local = timezone.localtime(starts)
    page = client.get(early.get_checkin_url()).content.decode()
    assert f"这个活动 {local.month}月{local.day}日 {local:%H:%M} 才开始，距现在还有 12 天多" in page
    assert "确认提前签到" in page

    refused = client.post(early.get_checkin_url())
    assert refused.status_code == 409
    assert "请先核对是不是扫错了活动的二维码" in refused.content.decode()
    early.refresh_from_db()
    assert early.checked_in_at is None

    confirmed = client.post(early.get_checkin_url(), {"early": "1"})
    assert confirmed.status_code == 200 and "签到成功：王早到" in confirmed.content.decode()
    early.refresh_from_db()
    assert early.checked_in_at is not None


def test_check_in_within_a_day_of_the_start_needs_no_confirmation(
    client, checkin_staff, make_event, make_registration
):
    soon = make_registration(make_event(starts_at=timezone.now() + timedelta(hours=23)))
    client.force_login(checkin_staff)
    assert "确认提前签到" not in client.get(soon.get_checkin_url()).content.decode()
    assert client.post(soon.get_checkin_url()).status_code == 200
    soon.refresh_from_db()
    assert soon.checked_in_at is not None


def test_a_waiting_list_code_says_what_waiting_means_and_what_to_do(
    client, checkin_staff, event, make_registration
):
    make_registration(event, status="waiting")
    second = make_registration(event, status="waiting", name="候补者乙")
    client.force_login(checkin_staff)
    html = client.get(second.get_checkin_url()).content.decode()
    assert "这是候补报名，还没有名额，不能签到" in html
    assert "排在候补名单第 2 位" in html
    assert "自动递补" in html and "调大名额并保存" in html
    assert "确认签到</button>" not in html


def test_arrivals_find_someone_by_part_of_the_name_or_the_phone_however_typed(
    client, checkin_staff, event, make_registration
):
    wang = make_registration(event, name="王建华", unit="苏州工业园区管委会", phone="13912345678")
    make_registration(event, name="李小红", phone="13700000001")
    url = f"/events/{event.pk}/arrivals/"
    client.force_login(checkin_staff)
    for typed in ("建华", "139 1234 5678", "+86 139-1234-5678", "８６１３９１２３４５６７８"):
        response = client.get(url, {"q": typed})
        html = response.content.decode()
        assert response.status_code == 200, typed
        assert "王建华" in html and wang.get_checkin_url() in html, typed
        assert "李小红" not in html, typed
    nobody = client.get(url, {"q": "赵"}).content.decode()
    assert "没有姓名或手机号码相符的报名" in nobody


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "请填写姓名或手机号码"), ("王\x00", "空字符"), ("王" * 31, "不能超过 30 个字")],
)
def test_arrivals_search_refuses_bad_input_with_a_400(client, checkin_staff, event, typed, message):
    client.force_login(checkin_staff)
    response = client.get(f"/events/{event.pk}/arrivals/", {"q": typed})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_arrivals_search_is_for_checkin_staff_only(client, event, make_registration):
    make_registration(event, name="王建华")
    response = client.get(f"/events/{event.pk}/arrivals/", {"q": "王"})
    assert response.status_code == 302 and "王建华" not in response.content.decode()
