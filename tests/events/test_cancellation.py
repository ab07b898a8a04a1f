"""Cancelling by code + contact; the first on the waiting list moves up in the same
transaction and is e-mailed after it commits."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.models import Registration

pytestmark = pytest.mark.django_db

Status = Registration.Status


def lookup(client, code, contact, **extra):
    return client.post("/events/registration/", {"code": code, "contact": contact, **extra})


def test_cancelling_moves_the_first_waiting_person_up_and_mails_both(
    client, full_event, django_capture_on_commit_callbacks
):
    event, holders, waiting = full_event
    with django_capture_on_commit_callbacks(execute=True):
        response = lookup(client, holders[0].code, holders[0].email, cancel="1")
    assert response.status_code == 200
    assert "报名已取消" in response.content.decode()
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[holders[0].pk] == Status.CANCELLED
    assert statuses[waiting[0].pk] == Status.CONFIRMED
    assert statuses[waiting[1].pk] == Status.WAITING
    assert Registration.objects.get(pk=waiting[0].pk).promoted_at is not None
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {holders[0].email, "first@example.com"}
    promoted = by_address["first@example.com"]
    assert "候补成功" in promoted.subject and promoted.attachments[0][2] == "image/png"


def test_cancelling_a_waiting_place_moves_nobody_up(client, full_event):
    event, holders, waiting = full_event
    lookup(client, waiting[0].code, waiting[0].phone, cancel="1")
    assert Registration.objects.get(pk=waiting[1].pk).status == Status.WAITING
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 2


def test_promotion_happens_in_the_cancellations_transaction(full_event, monkeypatch):
    """If moving the next person up fails, the cancellation is rolled back too: the
    place is never left empty while someone waits."""
    event, holders, waiting = full_event

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_mail", broken)
    with pytest.raises(RuntimeError):
        services.cancel(registration=holders[0])
    assert Registration.objects.get(pk=holders[0].pk).status == Status.CONFIRMED
    assert Registration.objects.get(pk=waiting[0].pk).status == Status.WAITING
    assert not mail.outbox


def test_no_mail_leaves_before_the_commit(full_event, django_capture_on_commit_callbacks):
    event, holders, waiting = full_event
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.cancel(registration=holders[0])
    assert not mail.outbox and len(callbacks) == 2


def test_the_lookup_shows_the_registration_with_its_qr_code(client, event, make_registration):
    registration = make_registration(event, phone="13912345678")
    response = lookup(client, registration.code.lower().replace("-", ""), "139-1234-5678")
    html = response.content.decode()
    assert response.status_code == 200
    assert registration.code in html and "已确认" in html and "<svg" in html
    assert "取消这条报名" in html


@pytest.mark.parametrize("contact", ["someone@example.com", "13800000000", ""])
def test_a_wrong_contact_finds_nothing_and_cancels_nothing(
    client, event, make_registration, contact
):
    registration = make_registration(event)
    response = lookup(client, registration.code, contact, cancel="1")
    assert response.status_code in (400, 404)
    assert Registration.objects.get().status == Status.CONFIRMED
    assert registration.name not in response.content.decode()


def test_an_unknown_code_and_a_wrong_contact_get_the_same_answer(client, event, make_registration):
    registration = make_registration(event)
    unknown = lookup(client, "BM-22222-22222-22222", registration.email)
    wrong = lookup(client, registration.code, "nobody@example.com")
    assert unknown.status_code == wrong.status_code == 404
    assert "没有查到相符的报名" in unknown.content.decode()


@pytest.mark.parametrize(
    "code", ["LY-22222-22222-22222", "BM-123", "<script>", "BM-11111-22222-33333"]
)
def test_a_malformed_code_says_what_a_code_looks_like(client, code):
    response = lookup(client, code, "a@example.com")
    assert response.status_code == 400
    assert "报名编号格式不正确" in response.content.decode()


def test_cancelling_twice_says_it_is_already_cancelled(client, event, make_registration):
    registration = make_registration(event)
    lookup(client, registration.code, registration.email, cancel="1")
    again = lookup(client, registration.code, registration.email, cancel="1")
    assert again.status_code == 409
    assert "这条报名已经取消过了" in again.content.decode()


def test_no_online_cancellation_once_the_event_has_started(client, make_event, make_registration):
    now = timezone.now()
    event = make_event(
        starts_at=now - timedelta(hours=1),
        registration_opens_at=now - timedelta(days=3),
        registration_closes_at=now - timedelta(hours=2),
    )
    registration = make_registration(event)
    response = lookup(client, registration.code, registration.email, cancel="1")
    assert response.status_code == 409
    assert "活动已经开始，不能在线取消" in response.content.decode()
    assert Registration.objects.get().status == Status.CONFIRMED


def test_lookup_is_rate_limited(client, settings):
    settings.EVENTS_LOOKUP_RATE = "3/10m"
    for _ in range(3):
        lookup(client, "BM-22222-22222-22222", "a@example.com")
    assert lookup(client, "BM-22222-22222-22222", "a@example.com").status_code == 429


def test_a_freed_place_shows_on_the_cached_pages_at_once(client, make_event, make_registration):
    """Readers see whether an event is full; a cancellation that frees the last place
    refreshes the cached list and event page."""
    event = make_event(capacity=1, waiting_list=False)
    holder = make_registration(event)
    assert "名额已满" in client.get("/events/").content.decode()
    assert client.get("/events/")["X-Page-Cache"] == "hit"
    assert client.get(event.get_absolute_url())["X-Page-Cache"] in ("miss", "hit")
    services.cancel(registration=holder)
    listing = client.get("/events/")
    assert listing["X-Page-Cache"] == "miss" and "报名中" in listing.content.decode()
    assert "提交报名" in client.get(event.get_absolute_url()).content.decode()


def test_raising_the_capacity_in_the_admin_moves_people_up(
    client, publisher, full_event, django_capture_on_commit_callbacks
):
    from tests.admin_forms import form_data

    event, holders, waiting = full_event
    client.force_login(publisher)
    url = f"/admin/events/event/{event.pk}/change/"
    data = form_data(client.get(url).content.decode())
    data["capacity"] = ["3"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert "候补递补 1 人" in response.content.decode()
    assert Registration.objects.get(pk=waiting[0].pk).status == Status.CONFIRMED
    assert Registration.objects.get(pk=waiting[1].pk).status == Status.WAITING
    assert [m.to for m in mail.outbox] == [["first@example.com"]]


def test_the_capacity_cannot_go_below_the_confirmed_places(client, publisher, full_event):
    from tests.admin_forms import form_data

    event, holders, waiting = full_event
    client.force_login(publisher)
    url = f"/admin/events/event/{event.pk}/change/"
    data = form_data(client.get(url).content.decode())
    data["capacity"] = ["1"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "已有 2 人确认报名，名额不能少于 2" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 2


def test_staff_cancel_in_the_admin_and_the_next_moves_up(client, publisher, full_event):
    event, holders, waiting = full_event
    client.force_login(publisher)
    response = client.post(
        "/admin/events/registration/",
        {"action": "cancel_selected", "_selected_action": [holders[1].pk]},
        follow=True,
    )
    assert "已取消 1 条报名，候补递补 1 人" in response.content.decode()
    assert Registration.objects.get(pk=waiting[0].pk).status == Status.CONFIRMED
