"""Moving people up from the waiting list mails them a place: only a publisher's act
does it, and only on an event readers can see. A draft (never published, or withdrawn)
promotes nobody, whoever raises its 名额 or frees a place; publishing it again fills
the free places."""

import pytest
from django.core import mail

from events import services
from events.models import Event, Registration
from tests.admin_forms import form_data, logged_in

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def withdrawn(full_event):
    """A full event a publisher withdrew: two places taken, two people waiting."""
    event, holders, waiting = full_event
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    event.refresh_from_db()
    return event, holders, waiting


def statuses(rows):
    return [Registration.objects.get(pk=r.pk).status for r in rows]


def raise_capacity(user, event, capacity, **fields):
    client = logged_in(user)
    url = f"/admin/events/event/{event.pk}/change/"
    data = form_data(client.get(url).content.decode())
    data["capacity"] = [str(capacity)]
    for name, value in fields.items():
        data[name] = [value]
    return client.post(url, data, follow=True)


def test_an_editor_raising_a_withdrawn_events_places_promotes_and_mails_nobody(
    editor, withdrawn, django_capture_on_commit_callbacks
):
    event, holders, waiting = withdrawn
    with django_capture_on_commit_callbacks(execute=True):
        response = raise_capacity(editor, event, 4)
    assert response.status_code == 200 and "候补递补" not in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 4 and event.status == Event.Status.DRAFT
    assert statuses(waiting) == [Status.WAITING, Status.WAITING]
    assert mail.outbox == []


def test_a_draft_event_promotes_nobody_even_for_a_publisher(
    publisher, withdrawn, django_capture_on_commit_callbacks
):
    event, holders, waiting = withdrawn
    with django_capture_on_commit_callbacks(execute=True):
        response = raise_capacity(publisher, event, 3)
        assert "候补递补" not in response.content.decode()
        assert statuses(waiting) == [Status.WAITING, Status.WAITING]
        services.cancel(registration=holders[0], by_staff=True)
        assert statuses(waiting) == [Status.WAITING, Status.WAITING]
        assert services.fill_places(event=event) == []
    assert [m.to for m in mail.outbox] == [[holders[0].email]]  # only the cancellation


def test_publishing_it_again_on_the_form_fills_the_free_places(
    publisher, withdrawn, django_capture_on_commit_callbacks
):
    event, holders, waiting = withdrawn
    raise_capacity(publisher, event, 3)
    with django_capture_on_commit_callbacks(execute=True):
        response = raise_capacity(publisher, event, 3, status="published")
    assert "候补递补 1 人" in response.content.decode()
    assert statuses(waiting) == [Status.CONFIRMED, Status.WAITING]
    assert [m.to for m in mail.outbox] == [["first@example.com"]]


def test_publishing_it_again_from_the_list_fills_the_free_places(
    publisher, withdrawn, django_capture_on_commit_callbacks
):
    event, holders, waiting = withdrawn
    Event.objects.filter(pk=event.pk).update(capacity=4)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(publisher).post(
            "/admin/events/event/",
            {"action": "publish", "_selected_action": [event.pk], "index": "0"},
            follow=True,
        )
    assert "已发布 1 个活动" in response.content.decode()
    assert "候补递补 2 人" in response.content.decode()
    assert statuses(waiting) == [Status.CONFIRMED, Status.CONFIRMED]
    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.com", "second@example.com"]


def test_an_editor_cannot_publish_a_withdrawn_event_to_promote(editor, withdrawn):
    event, holders, waiting = withdrawn
    Event.objects.filter(pk=event.pk).update(capacity=4)
    logged_in(editor).post(
        "/admin/events/event/",
        {"action": "publish", "_selected_action": [event.pk], "index": "0"},
    )
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    assert statuses(waiting) == [Status.WAITING, Status.WAITING]
    assert mail.outbox == []
