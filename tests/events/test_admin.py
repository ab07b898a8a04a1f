"""Events in the admin: 编辑 write drafts and cannot put an event live; 审核发布
publish; registrations are read, filtered, exported and counted."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from events.models import Event

pytestmark = pytest.mark.django_db


def _dt(name, moment):
    local = timezone.localtime(moment)
    return {f"{name}_0": local.strftime("%Y-%m-%d"), f"{name}_1": local.strftime("%H:%M:%S")}


def _form(**overrides):
    now = timezone.now()
    starts = now + timedelta(days=10)
    data = {
        "title": "第十届开发区发展论坛",
        "summary": "",
        "place": "杭州国际博览中心",
        "body": "<p>论坛议程<script>alert(1)</script></p>",
        **_dt("starts_at", starts),
        **_dt("ends_at", starts + timedelta(hours=6)),
        **_dt("registration_opens_at", now - timedelta(hours=1)),
        **_dt("registration_closes_at", starts - timedelta(days=1)),
        "capacity": "200",
        "waiting_list": "on",
        "status": "published",
        **_dt("publish_at", now - timedelta(minutes=1)),
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_editor_saves_a_draft_that_readers_cannot_see(client, editor):
    client.force_login(editor)
    response = client.post("/admin/events/event/add/", _form(), follow=True)
    assert "已保存为草稿" in response.content.decode()
    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT and event.created_by == editor
    assert "<script>" not in event.body
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404
    assert event.title not in client.get("/events/").content.decode()


def test_editor_cannot_publish_through_the_bulk_action(client, editor, make_event):
    draft = make_event(status=Event.Status.DRAFT)
    client.force_login(editor)
    changelist = client.get("/admin/events/event/").content.decode()
    assert 'value="publish"' not in changelist
    client.post("/admin/events/event/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT


def test_editor_cannot_change_a_live_event(client, editor, event):
    client.force_login(editor)
    url = f"/admin/events/event/{event.pk}/change/"
    assert client.get(url).status_code == 200  # may view it
    client.post(url, _form(title="改掉的标题", status="draft"))
    event.refresh_from_db()
    assert event.title == "2026 年园区招商引资培训班" and event.status == Event.Status.PUBLISHED


def test_publisher_publishes_in_the_form_and_with_the_action(client, publisher, make_event):
    client.force_login(publisher)
    client.post("/admin/events/event/add/", _form())
    event = Event.objects.get(title="第十届开发区发展论坛")
    assert event.status == Event.Status.PUBLISHED and event.created_by == publisher
    assert client.get("/events/").status_code == 200
    draft = make_event(status=Event.Status.DRAFT)
    client.post("/admin/events/event/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Event.Status.PUBLISHED


def test_inconsistent_times_get_clear_messages(client, publisher):
    client.force_login(publisher)
    starts = timezone.now() + timedelta(days=3)
    response = client.post(
        "/admin/events/event/add/",
        _form(
            **_dt("ends_at", starts - timedelta(hours=1)),
            **_dt("starts_at", starts),
            **_dt("registration_closes_at", starts + timedelta(days=1)),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间" in html
    assert not Event.objects.exists()


def test_an_event_with_registrations_cannot_be_deleted(client, publisher, event, make_registration):
    make_registration(event)
    client.force_login(publisher)
    response = client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    assert Event.objects.filter(pk=event.pk).exists()
    assert "报名" in response.content.decode()


def test_nobody_adds_changes_or_deletes_a_registration_in_the_admin(
    client, superuser, event, make_registration
):
    registration = make_registration(event)
    client.force_login(superuser)
    assert client.get("/admin/events/registration/add/").status_code == 403
    url = f"/admin/events/registration/{registration.pk}/change/"
    client.post(url, {"name": "改名", "status": "cancelled"})
    registration.refresh_from_db()
    assert registration.name != "改名" and registration.status == "confirmed"
    assert client.get(f"/admin/events/registration/{registration.pk}/delete/").status_code == 403


@pytest.mark.parametrize(
    ("state", "names"),
    [
        ("confirmed", {"甲", "丁"}),
        ("waiting", {"乙"}),
        ("cancelled", {"丙"}),
        ("attended", {"丁"}),
    ],
)
def test_registrations_filter_by_state(client, editor, event, make_registration, state, names):
    make_registration(event, name="甲")
    make_registration(event, name="乙", status="waiting")
    make_registration(event, name="丙", status="cancelled")
    make_registration(event, name="丁", checked_in_at=timezone.now())
    client.force_login(editor)
    response = client.get("/admin/events/registration/", {"state": state})
    shown = {r.name for r in response.context["cl"].result_list}
    assert shown == names


def test_registrations_export_to_xlsx_with_formulas_neutralised(
    client, editor, event, make_registration
):
    make_registration(event, name="=1+2", unit="+SUM(1,2)")
    make_registration(event, name="张三", unit="某开发区")
    client.force_login(editor)
    response = client.post(
        "/admin/events/registration/export/",
        {
            "format": "0",
            **{
                f"registrationresource_{f}": "on"
                for f in ("event", "code", "name", "unit", "status")
            },
        },
    )
    assert response.status_code == 200, response.content[:500]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("活动", "报名编号", "姓名", "单位", "状态")
    values = {cell for row in rows[1:] for cell in row}
    assert "张三" in values and "已确认" in values and event.title in values
    assert "'=1+2" in values and "'+SUM(1,2)" in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+")) for v in values)


def test_admin_index_counts_the_next_events_registrations(client, editor, event, make_registration):
    make_registration(event)
    make_registration(event, status="waiting")
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "近期活动报名" in html and event.title in html
    assert 'state=confirmed">1</a> / 30' in html


def test_events_admin_is_smoke_free_with_rows(superuser_client, event, make_registration):
    registration = make_registration(event)
    for url in (
        "/admin/events/event/",
        "/admin/events/event/add/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/events/registration/",
        f"/admin/events/registration/{registration.pk}/change/",
        "/admin/events/registration/export/",
    ):
        assert superuser_client.get(url).status_code == 200, url
    assert superuser_client.get("/admin/events/registration/", {"q": "报名者"}).status_code == 200
